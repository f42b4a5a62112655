"""The offline provider's hosted payment page, mounted at /pay/offline/ by config/urls.py."""

from django.urls import path

from atelier.integrations.payments import views

app_name = "offline_pay"
urlpatterns = [
    path("<str:intent_id>/", views.offline_page, name="page"),
]
