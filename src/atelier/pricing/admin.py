"""Admin for price lists, entries, add-ons and tax rates; every save goes through a service."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from atelier.accounts.actors import actor_for
from atelier.core.errors import DomainError
from atelier.pricing.models import DimensionPrice, OptionPrice, PriceEntry, PriceList, TaxRate
from atelier.pricing.services import price_lists as services


class ServiceAdmin(SimpleHistoryAdmin):
    """Saves go through a service; a refusal rolls back and comes back as a message."""

    service = None  # (obj, actor) -> obj

    def save_model(self, request, obj, form, change):
        type(self).service(obj, actor_for(request.user))

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


@admin.register(PriceList)
class PriceListAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.price_list_save(price_list=obj, actor=actor))
    list_display = ["code", "name", "currency", "region", "tax_display", "base_list", "percentage"]
    list_select_related = ["region", "base_list"]
    search_fields = ["code", "name"]
    fieldsets = [
        (None, {"fields": ["code", "name", "currency", "region"]}),
        ("Tax", {"fields": ["tax_display", "default_tax_country"]}),
        ("Rule", {"fields": ["base_list", "percentage", "rounding_step", "rounding_ending"]}),
    ]


@admin.register(PriceEntry)
class PriceEntryAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.price_entry_save(entry=obj, actor=actor))
    list_display = ["variant", "price_list", "amount", "min_quantity", "valid_from", "valid_until"]
    list_filter = ["price_list", "min_quantity"]
    search_fields = ["variant__sku"]
    autocomplete_fields = ["variant"]
    list_select_related = ["variant", "price_list"]


@admin.register(OptionPrice)
class OptionPriceAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.option_price_save(row=obj, actor=actor))
    list_display = ["choice", "price_list", "amount"]
    list_filter = ["price_list"]
    raw_id_fields = ["choice"]
    list_select_related = ["choice__group", "price_list"]


@admin.register(DimensionPrice)
class DimensionPriceAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.dimension_price_save(row=obj, actor=actor))
    list_display = ["product", "axis", "price_list", "step_cm", "amount_per_step"]
    list_filter = ["price_list", "axis"]
    autocomplete_fields = ["product"]
    list_select_related = ["product", "price_list"]


@admin.register(TaxRate)
class TaxRateAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.tax_rate_save(row=obj, actor=actor))
    list_display = ["country", "state", "rate", "name", "valid_from", "valid_until"]
    list_filter = ["country"]
    search_fields = ["state", "name"]


# Promotions and loyalty register their own admin classes (they reuse ServiceAdmin above).
from atelier.pricing.loyalty import admin as _loyalty_admin  # noqa: E402, F401
from atelier.pricing.promotions import admin as _promotions_admin  # noqa: E402, F401
