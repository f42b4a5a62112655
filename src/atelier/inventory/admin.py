"""Inventory tables in the admin: inspectable, never edited by hand.

Quantities and statuses change only through services (moves, transitions); the one
admin action switches a boutique's online sales through `location_update`.
"""

from django.contrib import admin, messages

from atelier.accounts.actors import actor_for
from atelier.core.admin import ReadOnlyAdmin
from atelier.core.errors import DomainError
from atelier.inventory import services
from atelier.inventory.models import (
    CategoryBudget,
    CountLine,
    CountSheet,
    IncomingSupply,
    Location,
    ReplenishmentProposal,
    ReplenishmentRule,
    Reservation,
    StockLevel,
    StockMove,
    Transfer,
    TransferLine,
)


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "sells_online", "priority", "is_active")
    list_filter = ("kind", "sells_online", "is_active")
    search_fields = ("code", "name")
    actions = ["start_online_sales", "stop_online_sales"]

    def has_online_permission(self, request) -> bool:
        return request.user.has_perm("accounts.manage_stock")

    @admin.action(description="Sell this boutique's stock online", permissions=["online"])
    def start_online_sales(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description="Stop selling this boutique's stock online", permissions=["online"])
    def stop_online_sales(self, request, queryset):
        self._switch(request, queryset, False)

    def _switch(self, request, queryset, sells_online: bool) -> None:
        actor = actor_for(request.user)
        done = 0
        for location in queryset:
            try:
                services.location_update(location=location, sells_online=sells_online, actor=actor)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{location}: {exc.message}", messages.WARNING)
        self.message_user(request, f"{done} location(s) updated.")


@admin.register(StockLevel)
class StockLevelAdmin(ReadOnlyAdmin):
    list_display = ("location", "variant", "on_hand", "reserved", "updated_at")
    list_filter = ("location",)
    search_fields = ("variant__sku",)
    list_select_related = ("location", "variant")
    show_full_result_count = False


@admin.register(StockMove)
class StockMoveAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "variant",
        "from_location",
        "to_location",
        "quantity",
        "reason",
        "reference",
        "actor_label",
    )
    list_filter = ("reason", "from_location", "to_location")
    search_fields = ("reference", "variant__sku", "note")
    list_select_related = ("variant", "from_location", "to_location")
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Reservation)
class ReservationAdmin(ReadOnlyAdmin):
    list_display = (
        "order_ref",
        "line_ref",
        "variant",
        "location",
        "quantity",
        "status",
        "expires_at",
    )
    list_filter = ("status", "channel", "location")
    search_fields = ("order_ref",)
    list_select_related = ("variant", "location")


class TransferLineInline(admin.TabularInline):
    model = TransferLine
    extra = 0
    can_delete = False
    readonly_fields = ("variant", "quantity_requested", "quantity_shipped", "quantity_received")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("number", "source", "destination", "status", "due_date", "created_at")
    list_filter = ("status", "source", "destination")
    search_fields = ("number",)
    inlines = [TransferLineInline]


class CountLineInline(TransferLineInline):
    model = CountLine
    readonly_fields = ("variant", "expected", "counted", "reason", "counted_at")


@admin.register(CountSheet)
class CountSheetAdmin(ReadOnlyAdmin):
    list_display = ("number", "location", "status", "created_by_label", "created_at")
    list_filter = ("status", "location")
    search_fields = ("number",)
    inlines = [CountLineInline]


@admin.register(IncomingSupply)
class IncomingSupplyAdmin(ReadOnlyAdmin):
    list_display = ("reference", "variant", "location", "quantity", "expected_date", "is_open")
    list_filter = ("is_open", "location")
    search_fields = ("reference", "order_ref")


@admin.register(ReplenishmentRule)
class ReplenishmentRuleAdmin(ReadOnlyAdmin):
    list_display = (
        "variant",
        "location",
        "min_quantity",
        "max_quantity",
        "reorder_multiple",
        "seasonality_factor",
        "is_active",
    )
    list_filter = ("location", "is_active")
    search_fields = ("variant__sku",)


@admin.register(ReplenishmentProposal)
class ReplenishmentProposalAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "variant", "location", "quantity", "value", "status")
    list_filter = ("kind", "status", "location")
    search_fields = ("number", "converted_reference")


@admin.register(CategoryBudget)
class CategoryBudgetAdmin(ReadOnlyAdmin):
    list_display = ("category", "period", "amount", "currency")
    list_filter = ("period",)
