"""Made to order, pay first and finalise later (issue 8): deposits until the final
invoice, a designer's finalisation within the product's ranges priced on the order date,
the difference settled."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from atelier.catalog.tests.factories import CategoryFactory
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.payments.dto import PaymentStart
from atelier.pricing.models import PriceEntry
from atelier.pricing.tests.factories import PriceEntryFactory
from atelier.sales import services
from atelier.sales.enums import Finalisation, OrderStatus
from atelier.sales.models import DepositReceipt, Invoice, OrderLine
from atelier.sales.services.made_to_order import line_finalise
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, actor, counts
from atelier.sales.tests.mto import backdate, committed, money_totals, paid_sofa, pay

pytestmark = pytest.mark.django_db
D = Decimal
DESIGNER = actor(Role.DESIGNER)


def _line(order) -> OrderLine:
    return order.lines.get()


def test_a_paid_sofa_awaits_finalisation_and_its_payment_is_a_deposit(world):
    order = paid_sofa()
    assert order.status == OrderStatus.PAID
    assert _line(order).finalisation == Finalisation.PROVISIONAL
    assert not order.invoices.exists()
    (receipt,) = DepositReceipt.objects.filter(order=order)
    assert receipt.amount == order.total_gross
    assert receipt.applied_to is None


def test_a_stock_only_order_is_still_invoiced_on_payment(world):

    with committed():
        cart = services.cart_create(actor=GUEST, region_code="eu")
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
        result = services.cart_checkout(
            cart=cart, email="a@example.com", shipping_address=ADDRESS_FR,
            shipping_method="standard", actor=GUEST,
        )  # fmt: skip
    pay(result.payment)
    order = result.order
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.invoices.count() == 1
    assert not DepositReceipt.objects.filter(order=order).exists()


def test_a_category_deposit_is_asked_at_checkout(world):
    sofas = CategoryFactory(slug="sofas")
    product = world.sofa.product
    product.category = sofas
    product.save()
    with override_settings(SALES_DEPOSIT_PERCENT_BY_CATEGORY={"sofas": 30}):
        order = paid_sofa()
    line = _line(order)
    expected = (D(line.total_gross) * D("0.3")).quantize(D("0.01")) + order.shipping_gross
    assert order.amount_paid == expected
    assert order.status == OrderStatus.PAID  # the deposit lets production start
    assert order.balance_due.amount == order.total_gross - expected


def test_the_designer_finalises_within_the_ranges_and_the_invoice_applies_the_deposit(world):
    order = paid_sofa()
    before = order.total_gross
    with committed():
        line, settled = line_finalise(
            order=order, line_id=_line(order).pk, dimensions={"width": "260"}, actor=DESIGNER
        )
    order.refresh_from_db()
    assert line.finalisation == Finalisation.FINAL
    assert settled.difference.amount == D("80.00")  # two more 10 cm steps at 40
    assert order.total_gross == before + D("80.00")
    (invoice,) = order.invoices.all()
    assert invoice.total_gross == order.total_gross
    assert DepositReceipt.objects.get(order=order).applied_to == invoice
    assert settled.requested.amount == D("80.00")
    assert settled.payment_url
    assert OutboxMessage.objects.filter(idempotency_key__startswith="sales:balance-link").exists()
    pay(PaymentStart("", "offline", None, settled.payment_url, None))  # the e-mailed link
    totals = money_totals(order)
    assert totals["paid"] == totals["invoiced"] == order.total_gross
    assert totals["credited"] == totals["refunded"] == 0


def test_a_cheaper_finalisation_is_refunded_from_the_payment(world):
    order = paid_sofa(dimensions={"width": "280"})
    with committed():
        _, settled = line_finalise(
            order=order, line_id=_line(order).pk, dimensions={"width": "250"}, actor=DESIGNER
        )
    order.refresh_from_db()
    assert settled.refunded.amount == D("120.00")
    totals = money_totals(order)
    assert totals["paid"] - totals["refunded"] == totals["invoiced"] - totals["credited"]


def test_the_price_is_the_one_in_force_on_the_order_date(world):
    order = paid_sofa()
    today = timezone.localdate()
    backdate(order, days=30)
    old = PriceEntry.objects.get(variant=world.sofa, price_list__region__code="eu")
    PriceEntry.objects.filter(pk=old.pk).update(valid_until=today - timedelta(days=20))
    PriceEntryFactory(
        price_list=old.price_list, variant=world.sofa, amount=D("2990.00"),
        valid_from=today - timedelta(days=19),
    )  # fmt: skip
    with committed():
        _, settled = line_finalise(
            order=order, line_id=_line(order).pk, dimensions={"width": "250"}, actor=DESIGNER
        )
    assert settled.difference.amount == D("40.00")  # the size only: not the new 2 990


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"dimensions": {"width": "320"}}, ValidationFailed),
        ({"options": {"fabric": "velvet"}}, ValidationFailed),
        ({"options": "mohair"}, ValidationFailed),
    ],
)
def test_finalisation_outside_the_allowed_ranges_is_refused(world, kwargs, error):
    order = paid_sofa()
    before = counts()
    with pytest.raises(error):
        line_finalise(order=order, line_id=_line(order).pk, actor=DESIGNER, **kwargs)
    assert counts() == before
    assert _line(order).finalisation == Finalisation.PROVISIONAL


def test_only_a_designer_finalises_and_only_once(world):
    order = paid_sofa()
    line_id = _line(order).pk
    before = counts()
    with pytest.raises(PermissionDenied):
        line_finalise(order=order, line_id=line_id, actor=actor(Role.SALES_REPRESENTATIVE))
    assert counts() == before
    with committed():
        line_finalise(order=order, line_id=line_id, actor=DESIGNER)
    before = counts()
    with pytest.raises(Conflict, match="already finalised"):
        line_finalise(order=order, line_id=line_id, actor=DESIGNER)
    assert counts() == before


def test_a_cancelled_order_is_not_finalised(world):
    order = paid_sofa()
    type(order).objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    before = counts()
    with pytest.raises(Conflict, match="cancelled"):
        line_finalise(order=order, line_id=_line(order).pk, actor=DESIGNER)
    assert counts() == before
    assert Invoice.objects.count() == 0


def test_with_invoicing_at_delivery_the_invoice_waits_for_delivery(world):
    from atelier.sales.services import order_mark_delivered

    order = paid_sofa()
    with override_settings(SALES_FINAL_INVOICE_AT="delivery"), committed():
        line_finalise(order=order, line_id=_line(order).pk, actor=DESIGNER)
        assert not order.invoices.exists()
        order = order_mark_delivered(
            order=order, shipment="SH-2026-000001", actor=actor(Role.PRODUCTION_MANAGER)
        )
    (invoice,) = order.invoices.all()
    assert DepositReceipt.objects.get(order=order).applied_to == invoice
    totals = money_totals(order)
    assert totals["paid"] - totals["refunded"] == totals["invoiced"] - totals["credited"]
