"""Settings for every environment, read from environment variables.

The same code runs on a laptop (SQLite, in-process jobs, console e-mail/SMS, fakes)
and in production (PostgreSQL, Redis, Celery, real providers); only the environment
differs. Every variable is listed with its default in the README.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

ATELIER_ENV = env.str("ATELIER_ENV", default="development")
if ATELIER_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("ATELIER_ENV must be 'development' or 'production'.")
PRODUCTION = ATELIER_ENV == "production"

INSECURE_DEFAULT_SECRET = "dev-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# --- Security -------------------------------------------------------------------------
SECURE_COOKIES = env.bool("SECURE_COOKIES", default=PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag instead
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Applications ---------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_countries",
    "phonenumber_field",
    "simple_history",
    "easy_thumbnails",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "channels",
    # Atelier contexts, lowest layer first
    "atelier.core",
    "atelier.integrations",
    "atelier.org",
    "atelier.accounts",
    "atelier.customers",
    "atelier.catalog",
    "atelier.pricing",
    "atelier.inventory",
    "atelier.sales",
    "atelier.payments",
    "atelier.purchasing",
    "atelier.shipping",
    "atelier.production",
    "atelier.quality",
    "atelier.tracking",
    "atelier.storefront",
    "atelier.backoffice",
    "atelier.portal",
    "atelier.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "atelier.accounts.middleware.ActorMiddleware",
    "atelier.accounts.middleware.StaffTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "atelier.config.urls"
WSGI_APPLICATION = "atelier.config.wsgi.application"
ASGI_APPLICATION = "atelier.config.asgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "atelier" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'atelier.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["TEST"] = {"NAME": None}
else:
    # 0: uvicorn (ASGI) runs each request in its own thread, so a kept connection is never
    # reused and idle ones pile up until PostgreSQL refuses clients (seen in `make bench`);
    # Django's docs say to disable persistent connections under ASGI. Pool in front if needed.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Background work ------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = not (REDIS_URL or env.str("CELERY_BROKER_URL", default=""))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_BEAT_SCHEDULE = {
    "outbox-dispatch": {"task": "atelier.core.tasks.outbox_dispatch", "schedule": 10.0},
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=12)
OUTBOX_SENDERS = {
    "email": "atelier.core.outbox.send_email",
    "sms": "atelier.integrations.sms.registry.send_sms",
}
EVENT_WIRING = "atelier.config.event_wiring.HANDLERS"

# --- Identity -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "atelier.accounts.adapters.CustomerAccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Atelier"
MFA_ADAPTER = "atelier.accounts.adapters.MFAAdapter"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "atelier.accounts.throttling.username_for_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "atelier.accounts.throttling.lockout_response"
AXES_ENABLED = env.bool("LOGIN_THROTTLING", default=True)
# Manufacturer portal: days an invitation link stays valid.
PORTAL_INVITATION_DAYS = env.int("PORTAL_INVITATION_DAYS", default=7)

# --- I18N / time ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("it", "Italiano")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES_DIR = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    SRC_DIR / "atelier" / "static",
    # front-end packages from package.json (npm ci), served as they are: no build step
    ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist"),
    ("vendor/model-viewer", NODE_MODULES_DIR / "@google" / "model-viewer" / "dist"),
]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
# Files never served by URL (production files for purchase orders); read through views
# that check access. On S3 point this at a private bucket.
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-files/"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Quality inspection photos: largest upload accepted (bytes) and largest image (pixels,
# a decompression-bomb guard); both are checked before anything is stored.
QUALITY_PHOTO_MAX_BYTES = env.int("QUALITY_PHOTO_MAX_BYTES", default=15 * 1024 * 1024)
QUALITY_PHOTO_MAX_PIXELS = env.int("QUALITY_PHOTO_MAX_PIXELS", default=50_000_000)

# --- Catalog media: responsive WebP thumbnails (easy-thumbnails), upload limits ----------
# Aliases are "<group>_<width>"; catalog.images builds srcsets from each group.
THUMBNAIL_ALIASES = {
    "": {
        "card_480": {"size": (480, 360), "crop": "smart"},
        "card_960": {"size": (960, 720), "crop": "smart"},
        "gallery_800": {"size": (800, 0)},
        "gallery_1600": {"size": (1600, 0)},
        "hero_1280": {"size": (1280, 0)},
        "hero_1920": {"size": (1920, 0)},
        "hero_2560": {"size": (2560, 0)},
        "swatch_64": {"size": (64, 64), "crop": True},
        "swatch_128": {"size": (128, 128), "crop": True},
    }
}
THUMBNAIL_EXTENSION = "webp"
THUMBNAIL_TRANSPARENCY_EXTENSION = "webp"
THUMBNAIL_IMAGE_SAVE_OPTIONS = {"WEBP": {"quality": 82, "method": 6}, "JPEG": {"quality": 85}}
CATALOG_MAX_IMAGE_BYTES = env.int("CATALOG_MAX_IMAGE_BYTES", default=25 * 1024 * 1024)
CATALOG_MAX_GLB_BYTES = env.int("CATALOG_MAX_GLB_BYTES", default=50 * 1024 * 1024)
CATALOG_MAX_VIDEO_BYTES = env.int("CATALOG_MAX_VIDEO_BYTES", default=200 * 1024 * 1024)
CATALOG_MAX_PRODUCTION_FILE_BYTES = env.int(
    "CATALOG_MAX_PRODUCTION_FILE_BYTES", default=200 * 1024 * 1024
)

# --- E-mail ---------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Atelier <hello@atelier.example>")

# --- Integrations (fakes by default) --------------------------------------------------
PAYMENTS_PROVIDER = env.str("PAYMENTS_PROVIDER", default="offline")
if PAYMENTS_PROVIDER not in {"offline", "stripe"}:
    raise ImproperlyConfigured("PAYMENTS_PROVIDER must be 'offline' or 'stripe'.")
CARRIER_PROVIDER = env.str("CARRIER_PROVIDER", default="fake")
if CARRIER_PROVIDER not in {"fake", "dhl"}:
    raise ImproperlyConfigured("CARRIER_PROVIDER must be 'fake' or 'dhl'.")
# DHL Express MyDHL API (a local stub in tests): base URL (test environment by default;
# production is https://express.api.dhl.com/mydhlapi), Basic-auth key and secret, the
# shipper account number, and the seconds one request may take.
DHL_API_BASE = env.str("DHL_API_BASE", default="https://express.api.dhl.com/mydhlapi/test")
DHL_API_KEY = env.str("DHL_API_KEY", default="")
DHL_API_SECRET = env.str("DHL_API_SECRET", default="")
DHL_ACCOUNT_NUMBER = env.str("DHL_ACCOUNT_NUMBER", default="")
DHL_TIMEOUT_SECONDS = env.float("DHL_TIMEOUT_SECONDS", default=20.0)
SMS_PROVIDER = env.str("SMS_PROVIDER", default="console")
if SMS_PROVIDER not in {"console", "twilio"}:
    raise ImproperlyConfigured("SMS_PROVIDER must be 'console' or 'twilio'.")
# Twilio (SMS_PROVIDER=twilio): REST API base (a local stub in tests), the account SID and
# auth token (or an API key SID and secret for the REST calls; webhooks are always signed
# with the auth token), the sender (a number or a messaging service), and the public base
# URL Twilio calls back (set it behind a proxy; default SITE_URL).
TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="https://api.twilio.com")
TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
TWILIO_API_KEY_SID = env.str("TWILIO_API_KEY_SID", default="")
TWILIO_API_KEY_SECRET = env.str("TWILIO_API_KEY_SECRET", default="")
TWILIO_FROM = env.str("TWILIO_FROM", default="")
TWILIO_MESSAGING_SERVICE_SID = env.str("TWILIO_MESSAGING_SERVICE_SID", default="")
TWILIO_WEBHOOK_BASE_URL = env.str("TWILIO_WEBHOOK_BASE_URL", default="")

# --- Inventory ------------------------------------------------------------------------
# Minutes an unpaid order holds its stock before the reservation expires.
RESERVATION_TTL_MINUTES = env.int("RESERVATION_TTL_MINUTES", default=30)
# Days a transfer may take from request to receipt before it shows as overdue.
INVENTORY_TRANSFER_DAYS = env.int("INVENTORY_TRANSFER_DAYS", default=5)
# Days a paid (confirmed) reservation may wait for shipping before it shows as stale.
INVENTORY_STALE_RESERVATION_DAYS = env.int("INVENTORY_STALE_RESERVATION_DAYS", default=30)
# Whether a new boutique's stock is sold online (each boutique can be switched later).
INVENTORY_BOUTIQUES_SELL_ONLINE = env.bool("INVENTORY_BOUTIQUES_SELL_ONLINE", default=False)
CELERY_BEAT_SCHEDULE["inventory-expire-reservations"] = {
    "task": "atelier.inventory.tasks.reservations_expire",
    "schedule": 60.0,
}

# --- Sales ----------------------------------------------------------------------------
# Minutes an online order may wait for its payment before it is cancelled (its stock,
# promotion and loyalty points are released).
ORDER_PAYMENT_TIMEOUT_MINUTES = env.int("ORDER_PAYMENT_TIMEOUT_MINUTES", default=60)
# Shipping methods on offer ([{"class": dotted path, **options}]); empty = the defaults
# in atelier.sales.shipping_methods.registry.DEFAULT_METHODS.
SALES_SHIPPING_METHODS: list[dict] = []
# Made to order (issue 8): the share of a line awaiting finalisation paid at checkout,
# by catalog category slug (a product in a sub-category takes its nearest ancestor's
# percent), e.g. SALES_DEPOSIT_PERCENT_BY_CATEGORY=sofas=30,tables=50; unlisted: 100.
SALES_DEPOSIT_PERCENT_BY_CATEGORY = {
    slug: int(pct)
    for slug, pct in env.dict("SALES_DEPOSIT_PERCENT_BY_CATEGORY", default={}).items()
}
# When the final invoice of an order with made-to-order lines is issued: "finalisation"
# (the last line is finalised) or "delivery". Until then payments are deposits.
SALES_FINAL_INVOICE_AT = env.str("SALES_FINAL_INVOICE_AT", default="finalisation")
CELERY_BEAT_SCHEDULE["sales-cancel-unpaid-orders"] = {
    "task": "atelier.sales.tasks.orders_cancel_unpaid",
    "schedule": 300.0,
}

# --- Shipping -------------------------------------------------------------------------
# The warehouse shipments leave from (org.Warehouse code; empty = the first active one).
SHIPPING_ORIGIN_WAREHOUSE = env.str("SHIPPING_ORIGIN_WAREHOUSE", default="")
# Offer "DHL Express" at checkout with the carrier's live rate (stock pieces only), next
# to the sales methods; with the fake carrier it shows the fake's rates.
SHIPPING_DHL_AT_CHECKOUT = env.bool("SHIPPING_DHL_AT_CHECKOUT", default=True)
SALES_EXTRA_SHIPPING_METHODS: list[dict] = (
    [{"class": "atelier.shipping.checkout_methods.DhlExpress"}] if SHIPPING_DHL_AT_CHECKOUT else []
)
# Seconds between two rounds of carrier tracking for shipments on the road.
SHIPPING_TRACKING_SECONDS = env.int("SHIPPING_TRACKING_SECONDS", default=900)
CELERY_BEAT_SCHEDULE["shipping-track"] = {
    "task": "atelier.shipping.tasks.shipments_track",
    "schedule": float(SHIPPING_TRACKING_SECONDS),
}

# --- Production -----------------------------------------------------------------------
# Days to restock a stock piece the reservation did not cover (purchase order required
# date = payment date + the longest lead time; made-to-order pieces use their own).
PRODUCTION_RESTOCK_LEAD_DAYS = env.int("PRODUCTION_RESTOCK_LEAD_DAYS", default=28)
# Days an accepted purchase order may wait before production starts; then it is late.
PRODUCTION_START_WITHIN_DAYS = env.int("PRODUCTION_START_WITHIN_DAYS", default=7)
# Queue priority points per customer loyalty tier (see docs/contexts/production.md).
PRODUCTION_TIER_POINTS = {"platinum": 30, "gold": 20, "silver": 10}
# Completion photos: at most this many per purchase order, each at most this size.
PRODUCTION_MAX_PHOTOS = env.int("PRODUCTION_MAX_PHOTOS", default=10)
PRODUCTION_MAX_PHOTO_MB = env.int("PRODUCTION_MAX_PHOTO_MB", default=15)
# Hour (server time zone) of the daily late purchase-order check.
PRODUCTION_LATE_CHECK_HOUR = env.int("PRODUCTION_LATE_CHECK_HOUR", default=7)
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["production-late-check"] = {
    "task": "atelier.production.tasks.production_late_check",
    "schedule": crontab(hour=PRODUCTION_LATE_CHECK_HOUR, minute=0),
}

# --- Payments -------------------------------------------------------------------------
# Stripe's API (a local stub in tests), keys from the dashboard (test or live mode), and
# the signing secret of the webhook endpoint /api/v1/payments/stripe/webhook. The offline
# provider signs its own webhooks with the same secret; in development an unset secret
# falls back to a published, development-only value.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str(
    "STRIPE_WEBHOOK_SECRET", default="" if PRODUCTION else "whsec_atelier_development_only"
)
# Minutes after which a payment still open is looked up at the provider (lost webhooks).
PAYMENTS_RECONCILE_AFTER_MINUTES = env.int("PAYMENTS_RECONCILE_AFTER_MINUTES", default=15)
# The function every webhook goes through (the view and the offline provider call it).
PAYMENTS_WEBHOOK_RECEIVER = "atelier.payments.services.webhooks.webhook_receive"
OUTBOX_SENDERS["payments.refund"] = "atelier.payments.senders.send_refund"
OUTBOX_SENDERS["payments.cancel"] = "atelier.payments.senders.send_cancel"
CELERY_BEAT_SCHEDULE["payments-reconcile"] = {
    "task": "atelier.payments.tasks.payments_reconcile",
    "schedule": 300.0,
}

# --- Storefront -----------------------------------------------------------------------
# Region (price list, currency, tax display) for visitors who have not chosen one and
# whose country is unknown or not sold to.
DEFAULT_REGION = env.str("DEFAULT_REGION", default="EU")
# Request header carrying the visitor's country (ISO 3166 alpha-2), set by the CDN or
# proxy in front of the site (Cloudflare: CF-IPCountry); empty to ignore headers.
REGION_COUNTRY_HEADER = env.str("REGION_COUNTRY_HEADER", default="CF-IPCountry")
# Seconds catalog pages and fragments stay cached; catalog and price writes invalidate
# them at once (core.cache.bump("catalog")). 0 turns the cache off.
STOREFRONT_CACHE_SECONDS = env.int("STOREFRONT_CACHE_SECONDS", default=600)

# --- Demo -----------------------------------------------------------------------------
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="atelier-demo-2026")
# Generated demo media: "full" (studio shots, heroes, thumbnails), "small" (320x240, for
# tests) or "none" (no pictures; products then stay in draft). Generated files are
# cached in DEMO_MEDIA_CACHE (keyed by generator and arguments) and rendered by
# DEMO_MEDIA_WORKERS processes (default: the CPU count, at most 4).
DEMO_MEDIA = env.str("DEMO_MEDIA", default="full")
DEMO_MEDIA_CACHE = Path(env.str("DEMO_MEDIA_CACHE", default=str(VAR_DIR / "demo-cache")))
DEMO_MEDIA_WORKERS = env.int("DEMO_MEDIA_WORKERS", default=None)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Refuse to run production on development defaults ---------------------------------
if PRODUCTION:
    problems = []
    if SECRET_KEY == INSECURE_DEFAULT_SECRET or len(SECRET_KEY) < 50:
        problems.append("SECRET_KEY must be set to a long random value")
    if DEBUG:
        problems.append("DEBUG must be off")
    if not (SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE):
        problems.append("cookies must be secure (SECURE_COOKIES=true)")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must name the site's hosts")
    stripe_keys = [STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET]
    if PAYMENTS_PROVIDER == "stripe" and not all(stripe_keys):
        problems.append(
            "PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY "
            "and STRIPE_WEBHOOK_SECRET"
        )
    if CARRIER_PROVIDER == "dhl" and not all([DHL_API_KEY, DHL_API_SECRET, DHL_ACCOUNT_NUMBER]):
        problems.append(
            "CARRIER_PROVIDER=dhl needs DHL_API_KEY, DHL_API_SECRET and DHL_ACCOUNT_NUMBER"
        )
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems) + ".")
