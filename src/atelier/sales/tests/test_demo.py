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
    assert all(o.invoices.count() == 1 for o in orders)
    assert load_sales_demo() == numbers
