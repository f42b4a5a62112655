"""The payer's pages, mounted at /pay/ by config/urls.py."""

from django.urls import path

from atelier.payments import views

app_name = "payments"
urlpatterns = [
    path("<uuid:token>/", views.pay, name="pay"),
    path("<uuid:token>/done/", views.done, name="done"),
]
