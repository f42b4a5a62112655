from django.urls import include, path

from atelier.backoffice import portal_invites_views, views

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
    path("production/", include("atelier.backoffice.production_urls")),
    path("purchasing/", include("atelier.backoffice.purchasing_urls")),
    path("shipping/", include("atelier.backoffice.shipping_urls")),
    path("quality/", include("atelier.backoffice.quality_urls")),
    path("portal-invites/", portal_invites_views.portal_invites, name="portal_invites"),
]
