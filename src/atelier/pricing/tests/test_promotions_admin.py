"""Admin for promotions and loyalty: saves go through services, usage and ledger read-only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.loyalty.models import LoyaltyAccount, LoyaltyEntry
from atelier.pricing.promotions.models import Promotion
from atelier.pricing.tests.promotion_helpers import promotion

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user(
        email="prices@example.com", password="x" * 12, is_staff=True, kind="staff"
    )
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


def promotion_form(**overrides) -> dict:
    data = {
        "name": "Spring",
        "code": "spring20",
        "kind": "percentage",
        "percentage": "20",
        "is_active": "on",
        "starts_at_0": "2026-03-01",
        "starts_at_1": "00:00:00",
        "priority": "0",
        "stackable": "on",
        "currencies-TOTAL_FORMS": "1",
        "currencies-INITIAL_FORMS": "0",
        "currencies-0-currency": "EUR",
        "currencies-0-min_spend": "500",
    }
    return {**data, **overrides}


@pytest.mark.parametrize(
    "name",
    ["promotion", "promotionredemption", "loyaltyaccount", "loyaltyentry", "loyaltyrate",
     "loyaltytier", "loyaltyreservation"],
)  # fmt: skip
def test_admin_lists_open(staff, name):
    assert staff.get(reverse(f"admin:pricing_{name}_changelist")).status_code == 200


def test_a_promotion_is_created_through_the_services(staff):
    response = staff.post(reverse("admin:pricing_promotion_add"), promotion_form())
    assert response.status_code == 302
    p = Promotion.objects.get()
    assert (p.code, p.percentage, p.times_used) == ("SPRING20", 20, 0)
    assert list(p.currencies.values_list("currency", "min_spend")) == [("EUR", 500)]


def test_a_refused_promotion_is_a_message_and_writes_nothing(staff):
    data = promotion_form(kind="fixed", percentage="")  # fixed without an amount off
    response = staff.post(reverse("admin:pricing_promotion_add"), data, follow=True)
    assert response.status_code == 200
    assert "a fixed promotion needs an amount in EUR" in response.content.decode()
    assert not Promotion.objects.exists()


def test_editing_a_promotion_keeps_its_usage_count(staff):
    p = promotion(code="KEEP", usage_limit=10)
    facade.promotion_redeem(
        promotion_ids=[p.pk], code="KEEP", order_ref="SO-1", customer_user_id=None, email="a@b.c"
    )
    url = reverse("admin:pricing_promotion_change", args=[p.pk])
    page = staff.get(url).content.decode()
    assert 'name="times_used"' not in page
    data = promotion_form(code="KEEP", name="Renamed", usage_limit="10")
    data["currencies-0-currency"] = "GBP"
    assert staff.post(url, data).status_code == 302
    p.refresh_from_db()
    assert (p.name, p.times_used) == ("Renamed", 1)


def test_redemptions_and_ledger_cannot_be_added_or_edited(staff):
    assert staff.get(reverse("admin:pricing_promotionredemption_add")).status_code == 403
    assert staff.get(reverse("admin:pricing_loyaltyentry_add")).status_code == 403


def test_a_manual_adjustment_goes_through_the_service_with_its_reason(staff):
    ada = UserFactory()
    add = reverse("admin:pricing_loyaltyaccount_add")
    response = staff.post(add, {"user": ada.pk, "adjust_points": "250", "adjust_reason": "Gift"})
    assert response.status_code == 302
    account = LoyaltyAccount.objects.get(user=ada)
    entry = LoyaltyEntry.objects.get()
    assert (account.balance, entry.kind, entry.reason, entry.actor_label) == (
        250,
        "adjust",
        "Gift",
        "prices@example.com",
    )
    change = reverse("admin:pricing_loyaltyaccount_change", args=[account.pk])
    ledger = {"entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "1", "entries-0-id": entry.pk}
    data = {"adjust_points": "-10", "adjust_reason": "", "entries-0-account": account.pk}
    response = staff.post(change, {**data, **ledger}, follow=True)
    assert "Reason: say why." in response.content.decode()
    assert LoyaltyAccount.objects.get(user=ada).balance == 250
