"""Organisation master data in the admin, with its change history (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

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
