"""Read-only admin for payments: statuses and money change only through services.

The one action asks the provider about the selected payments now (reconciliation).
"""

from django.contrib import admin, messages

from atelier.core.errors import DomainError
from atelier.integrations.payments.port import ProviderError
from atelier.payments import services
from atelier.payments.models import Payment, Refund, WebhookEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    can_delete = False
    fields = ("reference", "amount", "currency", "status", "origin", "reason", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "order_ref",
        "purpose",
        "provider",
        "kind",
        "status",
        "amount",
        "currency",
        "amount_refunded",
        "needs_review",
        "created_at",
    )
    list_filter = ("status", "provider", "kind", "purpose", "needs_review")
    search_fields = ("reference", "order_ref", "provider_id", "customer_email")
    exclude = ("client_secret",)
    inlines = [RefundInline]
    actions = ["reconcile_now"]

    @admin.action(description="Ask the provider now (reconcile)")
    def reconcile_now(self, request, queryset):
        for payment in queryset:
            try:
                applied = services.payment_reconcile(
                    payment_id=payment.reference, actor=request.actor
                )
                self.message_user(request, f"{payment.reference}: {applied.detail}")
            except (DomainError, ProviderError) as exc:
                self.message_user(request, f"{payment.reference}: {exc}", messages.ERROR)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("reference", "payment", "amount", "currency", "status", "origin", "created_at")
    list_filter = ("status", "origin")
    search_fields = ("reference", "payment__reference", "payment__order_ref", "provider_refund_id")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdmin):
    list_display = ("event_id", "type", "provider", "outcome", "payment", "received_at")
    list_filter = ("provider", "outcome", "type")
    search_fields = ("event_id", "payment__reference")
