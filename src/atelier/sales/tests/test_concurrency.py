"""Two checkouts of the same cart at the same moment make one order (PostgreSQL row
locks; skipped, visibly, on SQLite)."""

import threading

import pytest
from django.db import connection

from atelier.core.errors import Conflict
from atelier.sales import services
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, make_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_checkouts_of_one_cart_make_one_order():
    make_world()
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def checkout(key: str) -> None:
        try:
            barrier.wait(timeout=10)
            services.cart_checkout(
                cart=cart,
                email="race@example.com",
                shipping_address=ADDRESS_FR,
                shipping_method="standard",
                idempotency_key=key,
                actor=GUEST,
            )
            outcomes.append("order")
        except Conflict as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(key,)) for key in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["cart_closed", "order"]
    assert SalesOrder.objects.filter(cart=cart).count() == 1
