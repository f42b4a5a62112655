"""Read-only views of the SMS records (what left, what Twilio said, who said STOP)."""

from django.contrib import admin

from atelier.core.admin import ReadOnlyAdmin
from atelier.integrations.sms.models import SmsMessage, SmsOptOut


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "to", "status", "provider", "sid", "attempts", "error_code")
    list_filter = ("status", "provider")
    search_fields = ("to", "sid", "idempotency_key")


@admin.register(SmsOptOut)
class SmsOptOutAdmin(ReadOnlyAdmin):
    list_display = ("phone", "keyword", "source", "created_at")
    search_fields = ("phone",)
