"""Two payment events for one order arrive at once: exactly one set of purchase orders."""

from __future__ import annotations

import pytest

from atelier.core.testing import concurrency
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderLine
from atelier.purchasing.tests.helpers import make_world, raise_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_raises_for_one_order_buy_each_need_once():
    world = make_world()
    needs = (world.need("L1"), world.need("L2", variant=world.chair_b))
    answers = []

    results = concurrency.concurrently(2, lambda i: answers.append(raise_for(world, *needs)))

    assert sorted(results["ok"]) == [0, 1], results
    assert PurchaseOrder.objects.count() == 2
    assert PurchaseOrderLine.objects.count() == 2
    assert answers[0] == answers[1]
    assert sorted(answers[0]) == sorted(PurchaseOrder.objects.values_list("number", flat=True))
