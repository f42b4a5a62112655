"""Shipping's reactions: a passed inspection makes a piece ready (once), a paid order
joins the list of orders to ship (once)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from atelier.shipping import handlers
from atelier.shipping.models import ReadyPiece, ShippableOrder
from atelier.shipping.tests.helpers import paid_order, passed, piece

pytestmark = pytest.mark.django_db


def test_a_passed_inspection_makes_the_piece_ready_once():
    order = paid_order([(piece(made_to_order=True), 1, "900.00")])
    event = passed(order, "L1", "IT-00042", number="QI-2026-000007")

    handlers.on_inspection_passed(event)
    handlers.on_inspection_passed(event)

    row = ReadyPiece.objects.get()
    assert (row.item_code, row.order_ref, row.line_ref, row.inspection_number) == (
        "IT-00042", order.number, "L1", "QI-2026-000007",
    )  # fmt: skip


def test_a_piece_passing_again_after_rework_stays_one_ready_piece():
    order = paid_order([(piece(made_to_order=True), 1, "900.00")])
    handlers.on_inspection_passed(passed(order, "L1", "IT-7", number="QI-2026-000001"))
    handlers.on_inspection_passed(passed(order, "L1", "IT-7", number="QI-2026-000002"))

    assert ReadyPiece.objects.count() == 1


@dataclass(frozen=True, kw_only=True)
class Paid:
    object_id: str
    change_id: int = 1
    occurred_at: str = ""

    @property
    def key(self) -> str:
        return f"OrderPaid:sales.salesorder:{self.object_id}:{self.change_id}"


def test_a_paid_order_joins_the_list_once():
    order = paid_order([(piece(), 1, "450.00")])

    handlers.on_order_paid(Paid(object_id=str(order.pk)))
    handlers.on_order_paid(Paid(object_id=str(order.pk), change_id=2))

    row = ShippableOrder.objects.get()
    assert (row.order_ref, row.fully_shipped) == (order.number, False)


def test_an_unknown_order_is_ignored():
    handlers.on_order_paid(Paid(object_id="999999"))
    assert ShippableOrder.objects.count() == 0
