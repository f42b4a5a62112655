"""Quality tables in the admin: inspectable, never edited by hand (statuses change only
through `quality.services`; photos are served by the access-checked back-office view)."""

from django.contrib import admin

from atelier.core.admin import ReadOnlyAdmin
from atelier.quality.models import Checklist, ChecklistItem, Defect, Inspection, InspectionResult


@admin.register(Checklist)
class ChecklistAdmin(ReadOnlyAdmin):
    list_display = ("name", "category_id", "is_active", "updated_at")


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReadOnlyAdmin):
    list_display = (
        "checklist",
        "position",
        "label",
        "kind",
        "target",
        "tolerance",
        "unit",
        "dimension_key",
    )


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = (
        "number",
        "item_code",
        "round",
        "status",
        "manufacturer_id",
        "purchase_order_number",
        "inspector_label",
        "finished_at",
    )
    list_filter = ("status",)
    search_fields = ("number", "item_code", "purchase_order_number", "order_ref")


@admin.register(InspectionResult)
class InspectionResultAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "position", "label", "measured", "passed")


@admin.register(Defect)
class DefectAdmin(ReadOnlyAdmin):
    list_display = ("inspection", "severity", "description", "created_at")
    list_filter = ("severity",)
