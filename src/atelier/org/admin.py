"""Organisation master data in the admin, with its change history (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atelier.core.actor import system_actor
from atelier.org import services
from atelier.org.models import Boutique, Manufacturer, Region, Warehouse


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "currency")
    list_filter = ("currency",)
    search_fields = ("code", "name")


@admin.register(Boutique)
class BoutiqueAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "region", "city", "country", "is_active")
    list_filter = ("is_active", "region", "country")
    search_fields = ("code", "name", "city", "postcode", "email")
    list_select_related = ("region",)

    def save_model(self, request, obj, form, change):
        """A new boutique goes through the service, which announces it (its stock
        location is made by inventory)."""
        if change:
            return super().save_model(request, obj, form, change)
        fields = {k: v for k, v in form.cleaned_data.items() if k not in ("code", "region")}
        actor = system_actor(f"admin {request.user}")
        row, _ = services.boutique_upsert(code=obj.code, region=obj.region, actor=actor, **fields)
        obj.pk, obj._state.adding = row.pk, False


@admin.register(Warehouse)
class WarehouseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "city", "country", "is_active")
    list_filter = ("is_active", "country")
    search_fields = ("code", "name", "city", "postcode")


@admin.register(Manufacturer)
class ManufacturerAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "city", "country", "lead_time_days", "is_active")
    list_filter = ("is_active", "country")
    search_fields = ("code", "name", "city", "email", "capabilities")
