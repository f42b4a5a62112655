"""Read-only admin for orders, invoices and carts: status and money never change here
(orders move through services and their state machine; posted invoices never change)."""

from django.contrib import admin

from atelier.sales.models import (
    Cart,
    ChangeRequest,
    CreditNote,
    DepositReceipt,
    Invoice,
    InvoiceLine,
    OrderLine,
    SalesOrder,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["ref", "sku", "product_name", "quantity", "unit_gross", "discount_gross"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SalesOrder)
class SalesOrderAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "channel", "email", "total_gross", "currency", "flag"]
    list_filter = ["status", "channel", "flag", "region_code"]
    search_fields = ["number", "email"]
    list_select_related = ["boutique"]
    inlines = [OrderLineInline]


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    can_delete = False
    fields = ["description", "quantity", "total_net", "total_tax", "total_gross"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "issued_at", "total_gross", "currency"]
    search_fields = ["number", "order__number"]
    list_select_related = ["order"]
    inlines = [InvoiceLineInline]


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "invoice", "issued_at", "total_gross", "currency"]
    list_select_related = ["invoice"]


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ["id", "status", "user", "region_code", "updated_at"]
    list_filter = ["status", "region_code"]
    exclude = ["token"]  # a guest cart's token is its key: never shown


# --- Made to order (issue 8): read-only; changes move through sales.services.changes.


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyAdmin):
    list_display = ["ref", "order", "status", "requested_by", "difference", "currency"]
    list_filter = ["status", "requested_by"]
    search_fields = ["ref", "order__number"]
    list_select_related = ["order"]


@admin.register(DepositReceipt)
class DepositReceiptAdmin(ReadOnlyAdmin):
    list_display = ["number", "order", "amount", "currency", "received_at", "applied_to"]
    search_fields = ["number", "order__number"]
    list_select_related = ["order", "applied_to"]
