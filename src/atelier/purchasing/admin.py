"""Read-only admin: status, money and files change only through services."""

from django.contrib import admin

from atelier.purchasing.models import (
    ManufacturerContact,
    PurchaseOrder,
    PurchaseOrderFile,
    PurchaseOrderLine,
    PurchaseOrderMessage,
    PurchaseOrderRevision,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(ReadOnlyMixin, admin.TabularInline):
    model = PurchaseOrderLine
    extra = 0
    fields = (
        "position",
        "order_ref",
        "line_ref",
        "sku",
        "product_name",
        "quantity",
        "unit_value",
        "awaiting_finalisation",
        "is_live",
    )
    readonly_fields = fields


class FileInline(ReadOnlyMixin, admin.TabularInline):
    model = PurchaseOrderFile
    extra = 0
    fields = ("kind", "title", "source", "side", "size_bytes", "added_by_label", "created_at")
    readonly_fields = fields


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "number",
        "manufacturer",
        "status",
        "origin",
        "order_ref",
        "required_date",
        "value",
        "currency",
    )
    list_filter = ("status", "origin", "manufacturer")
    search_fields = ("number", "order_ref", "customer_reference")
    inlines = (LineInline, FileInline)


@admin.register(PurchaseOrderMessage)
class PurchaseOrderMessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("purchase_order", "author_label", "side", "created_at")


@admin.register(PurchaseOrderRevision)
class PurchaseOrderRevisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("purchase_order", "number", "change_ref", "status", "by_label", "at")


@admin.register(ManufacturerContact)
class ManufacturerContactAdmin(admin.ModelAdmin):
    """Contacts are plain master data (no workflow)."""

    list_display = ("name", "manufacturer", "role", "email", "phone", "is_primary")
    list_filter = ("manufacturer",)
