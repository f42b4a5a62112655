from django.urls import include, path

from atelier.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("boutiques/", views.boutique_list, name="boutique_list"),
    path("boutiques/<slug:code>/", views.boutique_detail, name="boutique_detail"),
    path("stock/", include("atelier.backoffice.inventory_urls")),
    path("orders/", include("atelier.backoffice.orders_urls")),
]
