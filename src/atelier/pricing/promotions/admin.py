"""Admin for promotions and codes: saves go through the services; usage is read-only."""

from django.contrib import admin

from atelier.accounts.actors import actor_for
from atelier.pricing.admin import ServiceAdmin
from atelier.pricing.promotions import services
from atelier.pricing.promotions.models import Promotion, PromotionCurrency, PromotionRedemption


class PromotionCurrencyInline(admin.TabularInline):
    model = PromotionCurrency
    extra = 1
    fields = ["currency", "amount_off", "min_spend"]


@admin.register(Promotion)
class PromotionAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: services.promotion_save(promotion=obj, actor=actor))
    list_display = [
        "name",
        "code",
        "kind",
        "percentage",
        "starts_at",
        "ends_at",
        "is_active",
        "priority",
        "stackable",
        "times_used",
        "usage_limit",
    ]
    list_filter = ["kind", "is_active", "stackable"]
    search_fields = ["name", "code"]
    readonly_fields = ["times_used", "created_at"]
    autocomplete_fields = ["categories", "collections", "products"]
    inlines = [PromotionCurrencyInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "kind", "percentage", "is_active"]}),
        ("When", {"fields": ["starts_at", "ends_at"]}),
        ("Stacking", {"fields": ["priority", "stackable"]}),
        (
            "Limits",
            {"fields": ["usage_limit", "usage_limit_per_customer", "times_used", "created_at"]},
        ),
        ("Only for (blank: the whole cart)", {"fields": ["categories", "collections", "products"]}),
    ]

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        services.promotion_restrict(
            promotion=form.instance,
            product_ids=[p.pk for p in data.get("products", [])],
            category_ids=[c.pk for c in data.get("categories", [])],
            collection_ids=[c.pk for c in data.get("collections", [])],
            actor=actor_for(request.user),
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def save_formset(self, request, form, formset, change):
        actor = actor_for(request.user)
        rows = formset.save(commit=False)
        for row in formset.deleted_objects:
            services.promotion_currency_delete(row=row, actor=actor)
        for row in rows:
            services.promotion_currency_save(row=row, actor=actor)


@admin.register(PromotionRedemption)
class PromotionRedemptionAdmin(admin.ModelAdmin):
    """Who used which promotion on which order; written only by checkout."""

    list_display = ["promotion", "order_ref", "code", "user", "email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["order_ref", "code", "email", "promotion__name"]
    list_select_related = ["promotion", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
