"""Builders for production tests, on top of purchasing's world (two workshops, a
made-to-order sofa of workshop A with a CAD file, a lamp of A, a chair of B)."""

from __future__ import annotations

from decimal import Decimal

from atelier.core.models import OutboxMessage, StatusChange
from atelier.core.roles import Role
from atelier.production import services
from atelier.production.models import CompletionPhoto, ItemEvent, ProductionItem
from atelier.purchasing import facade as purchasing
from atelier.purchasing.tests.helpers import (  # noqa: F401 (re-exported)
    SYSTEM,
    World,
    actor,
    in_days,
    make_world,
    raise_for,
    released,
)
from atelier.purchasing.tests.helpers import counts as purchasing_counts
from atelier.sales.models import OrderLine, SalesOrder

D = Decimal


def counts() -> dict[str, int]:
    found = purchasing_counts()
    for model in (ProductionItem, ItemEvent, CompletionPhoto, StatusChange, OutboxMessage):
        found[model.__name__] = model.objects.count()
    return found


def statuses() -> dict[str, str]:
    return {po.number: po.status for po in purchasing.purchase_orders_open()}


def at(world: World, number: str, status: str) -> str:
    """Take a released purchase order on to `status` (accepted, in_production, completed)."""
    steps = ["accepted", "in_production", "completed"]
    calls = {
        "accepted": services.po_accept,
        "in_production": services.po_start,
        "completed": services.po_complete,
    }
    for step in steps[: steps.index(status) + 1]:
        calls[step](number=number, actor=world.workshop_a)
    return number


_numbers = iter(range(1, 10**6))


def paid_order(world: World, *lines, customer=None) -> SalesOrder:
    """A sales order row with `lines` = (ref, kind, variant, quantity) tuples."""
    n = next(_numbers)
    order = SalesOrder.objects.create(
        number=f"SO-2026-{n:06d}",
        status="paid",
        channel="online",
        region_code="eu",
        currency="EUR",
        tax_display="included",
        email=f"buyer{n}@example.com",
        customer=customer,
    )
    for position, (ref, kind, variant, quantity) in enumerate(lines, start=1):
        product = variant.product
        OrderLine.objects.create(
            order=order,
            position=position,
            ref=ref,
            kind=kind,
            variant=variant,
            sku=variant.sku,
            product_id=product.pk,
            product_name=product.name,
            variant_name=variant.name,
            configuration=world.configuration() if kind == "made_to_order" else {},
            manufacturer=product.manufacturer,
            lead_time_days=product.lead_time_days,
            quantity=quantity,
            unit_net=D("2000.00"),
            unit_tax=D("400.00"),
            unit_gross=D("2400.00"),
            line_net=D("2000.00") * quantity,
            line_tax=D("400.00") * quantity,
            line_gross=D("2400.00") * quantity,
            discount_net=0,
            discount_tax=0,
            discount_gross=0,
            finalisation="provisional" if kind == "made_to_order" else "final",
        )
    return order


MANAGER_ROLE = Role.PRODUCTION_MANAGER
