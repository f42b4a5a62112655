"""promotion_redeem / promotion_release: limits, idempotency, nothing written on refusal."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from atelier.core.errors import ValidationFailed
from atelier.customers.tests.factories import UserFactory
from atelier.pricing import facade
from atelier.pricing.promotions.models import Promotion, PromotionRedemption
from atelier.pricing.tests.promotion_helpers import promotion

pytestmark = pytest.mark.django_db


def redeem(p, order_ref, *, code=None, user=None, email="guest@example.com"):
    return facade.promotion_redeem(
        promotion_ids=[p.pk],
        code=code,
        order_ref=order_ref,
        customer_user_id=user,
        email=email,
    )


def used(p) -> int:
    return Promotion.objects.get(pk=p.pk).times_used


def test_redeem_records_the_order_and_counts_once_per_order():
    ada = UserFactory()
    p = promotion(code="WELCOME10")
    assert redeem(p, "SO-2026-000001", code="welcome10", user=ada.pk, email="ADA@x.com") == (p.pk,)
    redeem(p, "SO-2026-000001", code="WELCOME10", user=ada.pk)  # checkout retried
    row = PromotionRedemption.objects.get()
    assert (row.order_ref, row.user_id, row.email, row.code, row.status) == (
        "SO-2026-000001",
        ada.pk,
        "ada@x.com",
        "WELCOME10",
        "active",
    )
    assert used(p) == 1


def test_release_gives_the_use_back_and_is_idempotent():
    p = promotion(code="FIRST1", usage_limit=1)
    redeem(p, "SO-1", code="FIRST1")
    assert facade.promotion_release(order_ref="SO-1") == 1
    assert facade.promotion_release(order_ref="SO-1") == 0
    assert used(p) == 0
    assert PromotionRedemption.objects.get().status == "released"
    redeem(p, "SO-2", code="FIRST1")  # free again
    assert used(p) == 1


def test_a_released_order_can_redeem_again():
    p = promotion(code="AGAIN")
    redeem(p, "SO-1", code="AGAIN")
    facade.promotion_release(order_ref="SO-1")
    redeem(p, "SO-1", code="AGAIN")
    assert PromotionRedemption.objects.get().status == "active"
    assert used(p) == 1


def test_a_code_used_up_meanwhile_is_refused_and_nothing_is_written():
    p = promotion(code="LAST", usage_limit=1)
    redeem(p, "SO-1", code="LAST")
    with pytest.raises(ValidationFailed) as exc:
        redeem(p, "SO-2", code="LAST", email="other@example.com")
    assert (exc.value.code, exc.value.message) == (
        "code_exhausted",
        "This code has just been used up.",
    )
    assert PromotionRedemption.objects.count() == 1
    assert used(p) == 1


def test_per_customer_limit_is_enforced_at_redeem():
    ada = UserFactory(email="ada@example.com")
    p = promotion(code="ONCE", usage_limit_per_customer=1)
    redeem(p, "SO-1", code="ONCE", user=ada.pk, email=ada.email)
    with pytest.raises(ValidationFailed) as exc:
        redeem(p, "SO-2", code="ONCE", email="ada@example.com")  # as a guest, same e-mail
    assert exc.value.code == "code_customer_limit"
    redeem(p, "SO-3", code="ONCE", email="bo@example.com")
    assert used(p) == 2


def test_an_automatic_promotion_that_ended_meanwhile_is_refused_clearly():
    p = promotion("Flash sale", usage_limit=1)
    redeem(p, "SO-1")
    with pytest.raises(ValidationFailed) as exc:
        redeem(p, "SO-2")
    assert exc.value.code == "promotion_unavailable"
    assert "Flash sale" in exc.value.message


def test_an_expired_code_is_refused_at_redeem():
    p = promotion(code="GONE", ends_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationFailed) as exc:
        redeem(p, "SO-1", code="GONE")
    assert exc.value.code == "code_expired"
    assert not PromotionRedemption.objects.exists()


def test_a_refusal_rolls_back_only_its_own_writes_inside_checkout():
    fine, full = promotion("Fine"), promotion(code="FULL", usage_limit=1)
    redeem(full, "SO-0", code="FULL")
    with transaction.atomic():  # the checkout transaction
        with pytest.raises(ValidationFailed):
            facade.promotion_redeem(
                promotion_ids=[fine.pk, full.pk],
                code="FULL",
                order_ref="SO-1",
                customer_user_id=None,
                email="x@example.com",
            )
        assert PromotionRedemption.objects.filter(order_ref="SO-1").count() == 0
        assert used(fine) == 0


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"code": "OTHER"}, "code_mismatch"),
        ({"promotion_ids": [999_999]}, "promotion_unknown"),
        ({"order_ref": " "}, "validation_failed"),
    ],
)
def test_bad_redeem_calls_are_refused(kwargs, code):
    p = promotion(code="REAL")
    args = {
        "promotion_ids": [p.pk],
        "code": "REAL",
        "order_ref": "SO-1",
        "customer_user_id": None,
        "email": "x@example.com",
        **kwargs,
    }
    with pytest.raises(ValidationFailed) as exc:
        facade.promotion_redeem(**args)
    assert exc.value.code == code
    assert not PromotionRedemption.objects.exists()
