from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from atelier.api.router import api
from atelier.backoffice import views as backoffice_views
from atelier.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    # staff sign in once, with their TOTP code, at the back office
    path("admin/login/", backoffice_views.admin_login_redirect),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("backoffice/", include("atelier.backoffice.urls")),
    # the payer's pages, and the offline provider's hosted page (its fake of Stripe's)
    path("pay/offline/", include("atelier.integrations.payments.urls")),
    path("pay/", include("atelier.payments.urls")),
    path("", include("atelier.storefront.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
