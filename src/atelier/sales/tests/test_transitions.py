"""The order's transition table: every move it lists, every guard, and every move it
does not list refused (409) without writing anything."""

import itertools
from decimal import Decimal

import pytest

from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed, allowed_transitions, apply_transition
from atelier.sales.enums import OrderStatus as S
from atelier.sales.models import Invoice
from atelier.sales.tests.helpers import SYSTEM, actor, order_line_row, order_row
from atelier.sales.transitions import TRANSITIONS

pytestmark = pytest.mark.django_db
D = Decimal
FORBIDDEN = [(a, b) for a, b in itertools.permutations(S.values, 2) if (a, b) not in TRANSITIONS]


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_move_not_in_the_table_is_refused(from_status, to_status):
    order = order_row(from_status)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(order, to_status, table=TRANSITIONS, actor=SYSTEM, reason="test")
    order.refresh_from_db()
    assert order.status == from_status
    assert not StatusChange.objects.exists()


def test_nothing_leaves_cancelled_or_done():
    for status in (S.CANCELLED, S.DONE):
        assert allowed_transitions(order_row(status), table=TRANSITIONS, actor=SYSTEM) == []


def test_sending_needs_lines_and_an_email(world):
    order = order_row(S.DRAFT)
    with pytest.raises(ValidationFailed, match="line"):
        apply_transition(order, S.SENT, table=TRANSITIONS, actor=SYSTEM)
    order_line_row(order, world.lamp)
    order.email = ""
    order.save()
    with pytest.raises(ValidationFailed, match="e-mail"):
        apply_transition(order, S.SENT, table=TRANSITIONS, actor=SYSTEM)


def test_invoicing_needs_an_invoice_and_paid_needs_the_full_amount():
    order = order_row(S.CONFIRMED, total_gross=D("100"))
    with pytest.raises(ValidationFailed, match="invoice"):
        apply_transition(order, S.INVOICED, table=TRANSITIONS, actor=SYSTEM)
    Invoice.objects.create(
        number="INV-2000-000001", order=order, issued_at=order.created_at, currency="EUR",
        bill_to={}, total_gross=D("100"),
    )  # fmt: skip
    apply_transition(order, S.INVOICED, table=TRANSITIONS, actor=SYSTEM)
    order.amount_paid = D("99.99")
    order.save()
    with pytest.raises(ValidationFailed, match="still due"):
        apply_transition(order, S.PAID, table=TRANSITIONS, actor=SYSTEM)


def test_a_confirmed_order_with_payments_cannot_be_cancelled():
    order = order_row(S.CONFIRMED, total_gross=D("100"), amount_paid=D("10"))
    with pytest.raises(ValidationFailed, match="refund"):
        apply_transition(order, S.CANCELLED, table=TRANSITIONS, actor=SYSTEM, reason="x")


@pytest.mark.parametrize("status", [S.SENT, S.CONFIRMED])
def test_cancelling_after_sending_needs_a_reason(status):
    with pytest.raises(ValidationFailed, match="reason"):
        apply_transition(order_row(status), S.CANCELLED, table=TRANSITIONS, actor=SYSTEM)


def test_staff_moves_need_the_capability(world):
    order = order_row(S.SENT)
    order_line_row(order, world.lamp)
    with pytest.raises(PermissionDenied):
        apply_transition(order, S.CONFIRMED, table=TRANSITIONS, actor=actor(Role.CUSTOMER))
    assert allowed_transitions(order, table=TRANSITIONS, actor=actor(Role.DESIGNER)) == []
    assert allowed_transitions(
        order, table=TRANSITIONS, actor=actor(Role.SALES_REPRESENTATIVE)
    ) == [S.DRAFT, S.CONFIRMED, S.CANCELLED]
