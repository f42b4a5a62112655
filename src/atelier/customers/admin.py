from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from atelier.customers.models import CustomerGroup


@admin.register(CustomerGroup)
class CustomerGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]
