"""The money invariant of made to order (issue 8): after any sequence of a finalisation
and changes (increases paid, decreases refunded), for the order
payments - refunds = invoices - credit notes, and before the final invoice the money
received is all in deposit receipts. Payments go through the offline provider."""

from decimal import Decimal
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.core.errors import ValidationFailed
from atelier.core.roles import Role
from atelier.sales.enums import ChangeStatus
from atelier.sales.models import DepositReceipt, SalesOrder
from atelier.sales.services.changes import change_request_accept, change_request_create
from atelier.sales.services.made_to_order import line_finalise
from atelier.sales.tests.helpers import actor
from atelier.sales.tests.mto import committed, money_totals, paid_sofa, pay

pytestmark = pytest.mark.django_db
DESIGNER = actor(Role.DESIGNER)
STAFF = actor(Role.CUSTOMER_SERVICE_MANAGER)
FABRICS = st.sampled_from(["linen", "mohair"])
WIDTHS = st.integers(min_value=20, max_value=30).map(lambda n: str(n * 10))
_emails = count(1)


def _invariant(order) -> dict:
    totals = money_totals(SalesOrder.objects.get(pk=order.pk))
    assert totals["paid"] - totals["refunded"] == totals["invoiced"] - totals["credited"], totals
    return totals


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    first=st.tuples(FABRICS, WIDTHS),
    final=st.tuples(FABRICS, WIDTHS),
    changes=st.lists(st.tuples(FABRICS, WIDTHS, st.booleans()), min_size=1, max_size=3),
)
def test_money_adds_up_after_any_sequence_of_changes(world, first, final, changes):
    email = f"buyer{next(_emails)}@example.com"
    customer = actor_for(make_user(Role.CUSTOMER, email))
    order = paid_sofa(
        actor=customer, email=email, options={"fabric": first[0]}, dimensions={"width": first[1]}
    )
    received = sum((r.amount for r in DepositReceipt.objects.filter(order=order)), Decimal(0))
    assert money_totals(order)["paid"] == received  # deposits, not revenue
    assert not order.invoices.exists()
    line_id = order.lines.get().pk
    with committed():
        line_finalise(
            order=order, line_id=line_id, options={"fabric": final[0]},
            dimensions={"width": final[1]}, actor=DESIGNER,
        )  # fmt: skip
    _pay_balance(order)
    _invariant(order)
    for fabric, width, by_customer in changes:
        who = customer if by_customer else STAFF
        try:
            change = change_request_create(
                order=order, line_id=line_id, options={"fabric": fabric},
                dimensions={"width": width}, actor=who,
            )  # fmt: skip
        except ValidationFailed:  # nothing would change
            continue
        with committed():
            result = change_request_accept(change=change, actor=customer)
        if result.payment is not None:
            pay(result.payment)
        change.refresh_from_db()
        assert change.status == ChangeStatus.APPLIED
        _invariant(order)
    order.refresh_from_db()
    line = order.lines.get()
    assert order.total_gross == line.total_gross + order.shipping_gross


def _pay_balance(order) -> None:
    """A dearer finalisation leaves a balance, asked by a payment link: pay it."""
    from atelier.payments import facade as payments

    order.refresh_from_db()
    for payment in payments.payments_for_order(order.number):
        if payment.status != "succeeded" and payment.link_url:
            _pay_link(payment)


def _pay_link(payment) -> None:
    from atelier.payments.dto import PaymentStart

    start = PaymentStart(
        payment_id=payment.payment_id, provider=payment.provider, client_secret=None,
        redirect_url=payment.link_url, publishable_key=None,
    )  # fmt: skip
    pay(start)
