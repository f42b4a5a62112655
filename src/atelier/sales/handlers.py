"""Sales' reactions to other contexts' events (wired in config/event_wiring.py).

Each runs after the publishing transaction commits and at most once per event."""

from __future__ import annotations

from atelier.core.actor import system_actor
from atelier.core.events import idempotent
from atelier.core.money import Money
from atelier.sales.enums import PaymentPurpose
from atelier.sales.services import order_payment_received


@idempotent("sales.on_payment_succeeded")
def on_payment_succeeded(event) -> None:
    """Money arrived for an order: confirm, invoice and mark it paid (or refund it when
    the order was cancelled meanwhile)."""
    if event.purpose not in PaymentPurpose.values:
        return
    order_payment_received(
        order_ref=event.order_ref,
        payment_id=str(event.payment_id),
        amount=Money(event.amount, event.currency),
        actor=system_actor("payment received"),
    )
