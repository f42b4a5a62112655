"""The demo step makes paid orders through the real services, once."""

import pytest

from atelier.sales.demo import load_sales_demo
from atelier.sales.enums import OrderStatus
from atelier.sales.models import SalesOrder

pytestmark = pytest.mark.django_db


def test_demo_orders_are_paid_and_made_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        numbers = load_sales_demo()
    orders = SalesOrder.objects.filter(number__in=numbers)
    assert len(numbers) == 3  # the test world sells in EU and US only (no UK prices)
    assert {o.status for o in orders} == {OrderStatus.PAID}
    for order in orders:  # made to order: a deposit until finalised (issue 8)
        made_to_order = order.lines.filter(kind="made_to_order").exists()
        assert order.invoices.count() == (0 if made_to_order else 1)
        assert order.deposit_receipts.exists() == made_to_order
    assert load_sales_demo() == numbers
