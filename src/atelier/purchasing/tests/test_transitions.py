"""Every status pair: allowed moves happen, every other move is a 409 naming the
allowed ones, and nothing changes."""

from __future__ import annotations

import pytest

from atelier.core.statemachine import TransitionNotAllowed
from atelier.purchasing import services
from atelier.purchasing.enums import POStatus as S
from atelier.purchasing.models import PurchaseOrder
from atelier.purchasing.tests.helpers import SYSTEM, raise_for
from atelier.purchasing.transitions import TRANSITIONS

pytestmark = pytest.mark.django_db

MOVES = {
    S.AWAITING_MANUFACTURER: lambda n, w: services.purchase_order_release(
        number=n, actor=w.manager
    ),
    S.ACCEPTED: lambda n, w: services.purchase_order_accept(number=n, actor=SYSTEM),
    S.DECLINED: lambda n, w: services.purchase_order_decline(number=n, reason="r", actor=SYSTEM),
    S.IN_PRODUCTION: lambda n, w: services.purchase_order_start(number=n, actor=SYSTEM),
    S.COMPLETED: lambda n, w: services.purchase_order_complete(number=n, actor=SYSTEM),
    S.CANCELLED: lambda n, w: services.purchase_order_cancel(number=n, reason="r", actor=SYSTEM),
    S.DRAFT: lambda n, w: services.purchase_order_reassign(
        number=n, manufacturer_id=w.b.pk, reason="r", actor=SYSTEM
    ),
}


def _at(world, status) -> str:
    (number,) = raise_for(world)
    PurchaseOrder.objects.filter(number=number).update(
        status=status, released_at="2026-01-01T00:00Z"
    )
    return number


FORBIDDEN = [
    (frm, to)
    for frm in S.values
    for to in S.values
    if (frm, to) not in TRANSITIONS and not (frm == to == S.DRAFT)
]


@pytest.mark.parametrize(("frm", "to"), FORBIDDEN)
def test_forbidden_transition_is_a_conflict_listing_allowed_moves(world, frm, to):
    number = _at(world, frm)
    with pytest.raises(TransitionNotAllowed) as caught:
        MOVES[to](number, world)
    allowed = [t for (f, t) in TRANSITIONS if f == frm]
    assert caught.value.status == 409
    assert set(caught.value.details["allowed"]) <= set(allowed)
    assert caught.value.details["current"] == frm
    assert PurchaseOrder.objects.get(number=number).status == frm


@pytest.mark.parametrize(("frm", "to"), list(TRANSITIONS))
def test_allowed_transition_happens(world, frm, to):
    number = _at(world, frm)
    MOVES[to](number, world)
    assert PurchaseOrder.objects.get(number=number).status == to
