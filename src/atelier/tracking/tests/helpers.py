"""Builders for tracking tests: purchasing's world (two workshops, a made-to-order sofa,
a lamp from stock), a quality checklist for the sofa, a customer, paid orders (bare rows,
as shipping's and production's tests make them: sales covers checkout in its own tests),
and each step of the pipeline driven through the services of the context that owns it.
Events reach the next context through the test wiring (`wiring.py`) when the block in
`step()` commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.production import services as production
from atelier.production.models import ProductionItem
from atelier.purchasing.tests import helpers as purchasing_world
from atelier.quality import services as quality
from atelier.quality.models import Inspection
from atelier.sales.models import Address, OrderLine, SalesOrder
from atelier.sales.services._building import access_token
from atelier.shipping import services as shipping
from atelier.shipping.models import Shipment
from atelier.shipping.tests.helpers import ADDRESS_DE

D = Decimal
QC = purchasing_world.actor(Role.QUALITY_CONTROLLER)
COORDINATOR = purchasing_world.actor(Role.PRODUCTION_MANAGER)
DEFECT = "Seam open along the left arm"
INTERNAL_NOTE = "Driver called: left with concierge Bernard"
_numbers = count(1)


@dataclass
class World:
    base: purchasing_world.World
    customer: object  # a signed-in customer (User)
    stranger: object  # another customer

    @property
    def workshop_name(self) -> str:
        return self.base.a.name


def make_world() -> World:
    base = purchasing_world.make_world()
    checklist = quality.checklist_create(
        category_id=base.bespoke.product.category_id, name="Sofas", actor=QC
    )
    quality.checklist_item_add(
        checklist=checklist, label="Stitching even", kind="pass_fail", actor=QC
    )
    return World(
        base=base,
        customer=make_user(Role.CUSTOMER, "lena@example.com"),
        stranger=make_user(Role.CUSTOMER, "max@example.com"),
    )


def paid_order(world: World, *lines, status="paid", provisional=False) -> SalesOrder:
    """`lines`: (ref, variant, quantity). Made to order from the product; white glove."""
    n = next(_numbers)
    total = D("2400.00") * sum(q for _, _, q in lines)
    paid = status in ("paid", "delivered")
    order = SalesOrder.objects.create(
        number=f"SO-2026-{n:06d}",
        status=status,
        channel="online",
        region_code="eu",
        currency="EUR",
        tax_display="included",
        customer=world.customer,
        email=world.customer.email,
        access_salt=f"salt{n:04d}",
        shipping_address=Address.objects.create(**ADDRESS_DE),
        shipping_method="white_glove",
        shipping_method_name="White glove delivery",
        total_gross=total,
        amount_paid=total if paid else D(0),
        paid_at=timezone.now() if paid else None,
    )
    for position, (ref, variant, quantity) in enumerate(lines, start=1):
        product = variant.product
        made = product.made_to_order
        OrderLine.objects.create(
            order=order,
            position=position,
            ref=ref,
            kind="made_to_order" if made else "stock",
            variant=variant,
            sku=variant.sku,
            product_id=product.pk,
            product_name=product.name,
            variant_name=variant.name,
            configuration=world.base.configuration() if made else {},
            manufacturer=product.manufacturer,
            manufacturer_name=product.manufacturer.name if product.manufacturer else "",
            quantity=quantity,
            unit_net=D("2000.00"),
            unit_gross=D("2400.00"),
            line_net=D("2000.00") * quantity,
            line_gross=D("2400.00") * quantity,
            finalisation="provisional" if made and provisional else "final",
        )
    return order


def token(order: SalesOrder) -> str:
    return access_token(order)


# --- The pipeline, one context at a time --------------------------------------------------


def released(world: World, order: SalesOrder, line_ref="L1", quantity=1) -> str:
    """Purchasing: the line's purchase order, raised and sent to the workshop."""
    need = world.base.need(line_ref, quantity=quantity)
    return purchasing_world.released(world.base, need, order_ref=order.number)


def accept_and_start(world: World, number: str) -> None:
    production.po_accept(number=number, actor=world.base.workshop_a)
    production.po_start(number=number, actor=world.base.workshop_a)


def complete(world: World, number: str) -> list[str]:
    """Production: the workshop completes; quality opens one inspection per piece."""
    production.po_complete(number=number, actor=world.base.workshop_a)
    return list(
        ProductionItem.objects.filter(purchase_order_number=number).values_list("code", flat=True)
    )


def inspect(code: str, *, passes: bool) -> Inspection:
    """Quality: the pending inspection of the piece, started, recorded and finished."""
    inspection = Inspection.objects.get(item_code=code, status="pending")
    inspection = quality.inspection_start(inspection=inspection, actor=QC)
    result = inspection.results.get(label="Stitching even")
    quality.inspection_record_result(
        inspection=inspection, result_id=result.pk, passed=passes, actor=QC
    )
    if not passes:
        quality.inspection_add_defect(
            inspection=inspection, severity="major", description=DEFECT, actor=QC
        )
    return quality.inspection_finish(inspection=inspection, notes="Checked by Ana", actor=QC)


def rework(world: World, code: str) -> None:
    production.item_rework_complete(code=code, actor=world.base.workshop_a)


def ship(order: SalesOrder, *, to: str = "delivered") -> Shipment:
    """Shipping: prepared, address confirmed, slot booked, confirmed, booked, then moved
    by the coordinator along the road up to `to`."""
    shipment = shipping.shipment_prepare(order_ref=order.number, actor=COORDINATOR)
    shipment = shipping.shipment_confirm_address(shipment=shipment, actor=COORDINATOR)
    day = date.today() + timedelta(days=2)
    day += timedelta(days=1) if day.weekday() == 6 else timedelta()
    shipment = shipping.shipment_book_slot(
        shipment=shipment, day=day, window="08:00-12:00", actor=COORDINATOR
    )
    shipment = shipping.shipment_confirm(shipment=shipment, actor=COORDINATOR)
    shipment = shipping.shipment_book(shipment=shipment, actor=COORDINATOR)
    for status in ("shipped", "out_for_delivery", "delivered"):
        shipment = shipping.shipment_mark(
            shipment=shipment, to_status=status, note=INTERNAL_NOTE, actor=COORDINATOR
        )
        if status == to:
            break
    return shipment


def move(order: SalesOrder, *statuses: str) -> Shipment:
    """Shipping: the coordinator moves the order's shipment on along the road."""
    shipment = Shipment.objects.get(order_ref=order.number)
    for status in statuses:
        shipment = shipping.shipment_mark(
            shipment=shipment, to_status=status, note=INTERNAL_NOTE, actor=COORDINATOR
        )
    return shipment


def steps(line) -> list[tuple[str, str]]:
    """(code, state) of each step of a line's timeline."""
    return [(s.code, s.state) for s in line.steps]


def aware(value) -> bool:
    return isinstance(value, datetime) and value.tzinfo is not None
