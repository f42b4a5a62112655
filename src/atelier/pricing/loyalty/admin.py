"""Admin for the loyalty programme: rates and tiers through services; accounts show a
read-only ledger and take a manual adjustment (points + reason) through a service."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect

from atelier.accounts.actors import actor_for
from atelier.core.errors import DomainError
from atelier.pricing.admin import ServiceAdmin
from atelier.pricing.loyalty import programme, services
from atelier.pricing.loyalty.models import (
    LoyaltyAccount,
    LoyaltyEntry,
    LoyaltyRate,
    LoyaltyReservation,
    LoyaltyTier,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoyaltyRate)
class LoyaltyRateAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: programme.loyalty_rate_save(row=obj, actor=actor))
    list_display = ["currency", "earn_rate", "point_value", "max_share", "is_active"]


@admin.register(LoyaltyTier)
class LoyaltyTierAdmin(ServiceAdmin):
    service = staticmethod(lambda obj, actor: programme.loyalty_tier_save(row=obj, actor=actor))
    list_display = ["name", "code", "min_points", "multiplier"]


class LoyaltyEntryInline(admin.TabularInline):
    model = LoyaltyEntry
    fields = ["created_at", "kind", "points", "balance_after", "order_ref", "reason", "actor_label"]
    readonly_fields = fields
    ordering = ["-id"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AdjustmentForm(forms.ModelForm):
    adjust_points = forms.IntegerField(
        required=False, help_text="Points to add, or to take away (negative)."
    )
    adjust_reason = forms.CharField(required=False, max_length=300, help_text="Required.")

    class Meta:
        model = LoyaltyAccount
        fields = ["user"]


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(admin.ModelAdmin):
    form = AdjustmentForm
    list_display = ["user", "balance", "created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [LoyaltyEntryInline]

    def get_inlines(self, request, obj=None):
        return self.inlines if obj else []

    def get_readonly_fields(self, request, obj=None):
        return ["user", "balance", "created_at"] if obj else ["balance", "created_at"]

    def save_model(self, request, obj, form, change):
        actor, data = actor_for(request.user), form.cleaned_data
        user_id = obj.user_id
        if data.get("adjust_points"):
            services.loyalty_account_adjust(
                user_id=user_id,
                points=data["adjust_points"],
                reason=data.get("adjust_reason", ""),
                actor=actor,
            )
        elif not change:
            services.loyalty_account_open(user_id=user_id, actor=actor)
        obj.pk = LoyaltyAccount.objects.get(user_id=user_id).pk

    def save_related(self, request, form, formsets, change):
        pass  # the ledger is written by the services only

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoyaltyEntry)
class LoyaltyEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "account", "kind", "points", "balance_after", "order_ref"]
    list_filter = ["kind"]
    search_fields = ["account__user__email", "order_ref", "reason"]
    list_select_related = ["account__user"]


@admin.register(LoyaltyReservation)
class LoyaltyReservationAdmin(ReadOnlyAdmin):
    list_display = ["order_ref", "account", "points", "value", "currency", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["order_ref", "account__user__email"]
    list_select_related = ["account__user"]
