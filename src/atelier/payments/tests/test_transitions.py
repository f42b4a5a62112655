"""Every status change of a payment and a refund: allowed ones pass, all others refuse."""

import itertools

import pytest

from atelier.core.actor import system_actor
from atelier.core.models import StatusChange
from atelier.core.statemachine import TransitionNotAllowed, apply_transition
from atelier.payments.enums import PaymentStatus, RefundStatus
from atelier.payments.models import Refund
from atelier.payments.tests.helpers import make_payment
from atelier.payments.transitions import REFUND_TRANSITIONS, TRANSITIONS

pytestmark = pytest.mark.django_db
ACTOR = system_actor("tests")
PAYMENT_MOVES = list(itertools.permutations(PaymentStatus.values, 2))
REFUND_MOVES = list(itertools.permutations(RefundStatus.values, 2))


def test_nothing_leaves_succeeded_or_canceled():
    assert not [k for k in TRANSITIONS if k[0] in (PaymentStatus.SUCCEEDED, PaymentStatus.CANCELED)]


def test_nothing_goes_back_to_requires_payment():
    assert not [k for k in TRANSITIONS if k[1] == PaymentStatus.REQUIRES_PAYMENT]


@pytest.mark.parametrize(("frm", "to"), PAYMENT_MOVES)
def test_payment_moves(frm, to):
    payment = make_payment(status=frm)
    if (frm, to) in TRANSITIONS:
        apply_transition(payment, to, table=TRANSITIONS, actor=ACTOR, reason="test")
        assert payment.status == to
        assert StatusChange.objects.filter(to_status=to).count() == 1
    else:
        with pytest.raises(TransitionNotAllowed):
            apply_transition(payment, to, table=TRANSITIONS, actor=ACTOR, reason="test")
        payment.refresh_from_db()
        assert payment.status == frm
        assert StatusChange.objects.count() == 0


def test_cancelling_needs_a_reason():
    from atelier.core.errors import ValidationFailed

    payment = make_payment()
    with pytest.raises(ValidationFailed):
        apply_transition(payment, PaymentStatus.CANCELED, table=TRANSITIONS, actor=ACTOR)


@pytest.mark.parametrize(("frm", "to"), REFUND_MOVES)
def test_refund_moves(frm, to):
    payment = make_payment(status=PaymentStatus.SUCCEEDED, amount_received=1200)
    refund = Refund.objects.create(
        reference="RFD-2026-000001", payment=payment, amount=10, currency="EUR", status=frm
    )
    if (frm, to) in REFUND_TRANSITIONS:
        apply_transition(refund, to, table=REFUND_TRANSITIONS, actor=ACTOR)
        assert refund.status == to
    else:
        with pytest.raises(TransitionNotAllowed):
            apply_transition(refund, to, table=REFUND_TRANSITIONS, actor=ACTOR)
        refund.refresh_from_db()
        assert refund.status == frm
