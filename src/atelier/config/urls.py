from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from atelier.api.router import api
from atelier.backoffice import production_views
from atelier.backoffice import views as backoffice_views
from atelier.core import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Twilio's webhooks (signed form posts, not JSON): before the API's catch-all 404
    path("api/v1/sms/", include("atelier.integrations.sms.urls")),
    path("api/v1/", api.urls),
    # staff sign in once, with their TOTP code, at the back office
    path("admin/login/", backoffice_views.admin_login_redirect),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("backoffice/", include("atelier.backoffice.urls")),
    path("portal/", include("atelier.portal.urls")),
    # what an item label's QR code opens (public; staff see the piece's history)
    path("i/<str:code>", production_views.item_scan, name="item_scan"),
    # the payer's pages, and the offline provider's hosted page (its fake of Stripe's)
    path("pay/offline/", include("atelier.integrations.payments.urls")),
    path("pay/", include("atelier.payments.urls")),
    path("", include("atelier.storefront.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
