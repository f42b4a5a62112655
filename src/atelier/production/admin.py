"""Read-only views of production rows: statuses move only through services."""

from django.contrib import admin

from atelier.production.models import CompletionPhoto, ItemEvent, ProductionItem


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ItemEventInline(admin.TabularInline):
    model = ItemEvent
    extra = 0
    can_delete = False
    readonly_fields = ("kind", "at", "actor_label", "round", "note")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProductionItem)
class ProductionItemAdmin(_ReadOnly):
    list_display = ("code", "purchase_order_number", "product_name", "status", "round")
    list_filter = ("status",)
    search_fields = ("code", "purchase_order_number", "order_ref")
    inlines = [ItemEventInline]


@admin.register(CompletionPhoto)
class CompletionPhotoAdmin(_ReadOnly):
    list_display = ("purchase_order_number", "content_type", "uploaded_at", "uploaded_by_label")
