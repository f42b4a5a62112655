"""Read-only admin: shipments change only through the shipping services (back office)."""

from django.contrib import admin

from atelier.shipping.models import Adjustment, ReadyPiece, Shipment, ShipmentLine, TrackingUpdate


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = ShipmentLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Shipment)
class ShipmentAdmin(ReadOnly):
    list_display = ("number", "order_ref", "kind", "status", "carrier", "tracking_number")
    list_filter = ("status", "kind", "carrier")
    search_fields = ("number", "order_ref", "tracking_number")
    inlines = [LineInline]


@admin.register(ReadyPiece)
class ReadyPieceAdmin(ReadOnly):
    list_display = ("item_code", "order_ref", "line_ref", "inspection_number", "passed_at")
    search_fields = ("item_code", "order_ref")


@admin.register(Adjustment)
class AdjustmentAdmin(ReadOnly):
    list_display = ("shipment", "field", "old_value", "new_value", "reason", "actor_label", "at")


@admin.register(TrackingUpdate)
class TrackingUpdateAdmin(ReadOnly):
    list_display = ("shipment", "status", "at", "source", "description")
