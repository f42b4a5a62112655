"""The order pipeline in the demo: paid made-to-order orders whose purchase orders stand
at every stage, and one taken all the way — workshop, a failed inspection, rework, a
passed inspection, delivery — by the people who own each step.

It runs after the main demo transaction (`loader.AFTER_COMMIT_STEPS`), one commit per
action, so the real reactions happen as in production: the payment raises the purchase
orders, a completed piece opens its inspection, a failed one goes back to its workshop,
a passed one joins the shipping list, the delivery moves the order. Running it twice
makes nothing new (its orders are recognised by their e-mail).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from atelier.accounts.actors import actor_for
from atelier.core.actor import Actor, system_actor
from atelier.core.errors import DomainError
from atelier.core.roles import Role
from atelier.demo.data import PersonData, people
from atelier.production import demo as production_demo
from atelier.production import services as production
from atelier.purchasing import facade as purchasing
from atelier.quality import services as quality
from atelier.quality.models import Inspection
from atelier.quality.services.inspections import ResultEntry
from atelier.sales import demo as sales_demo
from atelier.sales.enums import Finalisation
from atelier.sales.models import SalesOrder
from atelier.sales.services import made_to_order
from atelier.shipping import services as shipping
from atelier.shipping.enums import DeliveryKind, SlotWindow
from atelier.shipping.models import Shipment

log = logging.getLogger(__name__)

# Where each demo order's purchase orders stop ("delivered" walks the whole pipeline).
STAGES = (
    "draft",
    "awaiting_manufacturer",
    "accepted",
    "declined",
    "in_production",
    "completed",
    "delivered",
)


def email_for(stage: str) -> str:
    return f"demo-pipeline-{stage.replace('_', '-')}@atelier.example"


def load_pipeline_demo(ctx=None) -> dict[str, str]:
    """{stage: order number}; existing demo orders are left as they are."""
    found: dict[str, str] = {}
    for stage in STAGES:
        email = email_for(stage)
        existing = SalesOrder.objects.filter(email=email).values_list("number", flat=True)
        if existing:
            found[stage] = existing[0]
            _tally(ctx, False)
            continue
        try:
            number = sales_demo._order("eu", True, email, None)  # paid: POs raised on commit
            if number is None:
                continue
            found[stage] = number
            _tally(ctx, True)
            if stage != "draft":
                finalise_lines(number)
                advance(number, "completed" if stage == "delivered" else stage)
            if stage == "delivered":
                inspect_pieces(number, fail_first=True)
                rework_pieces(number)
                inspect_pieces(number, fail_first=False)
                deliver(number)
        except DomainError as exc:  # a demo that cannot be made must not stop the rest
            log.warning("pipeline demo %s stopped: %s", stage, exc.message)
    return found


# --- Each step, as its owner does it ----------------------------------------------------


def finalise_lines(number: str) -> None:
    """The designer confirms the provisional configuration of every made-to-order line."""
    designer = person(Role.DESIGNER)
    order = SalesOrder.objects.get(number=number)
    for line in order.lines.filter(finalisation=Finalisation.PROVISIONAL):
        with transaction.atomic():
            made_to_order.line_finalise(
                order=order, line_id=line.pk, actor=designer, note="Measured at home."
            )
        order.refresh_from_db()


def advance(number: str, stage: str) -> None:
    """Release (production manager), then the workshop accepts, starts, completes."""
    for po in purchasing.purchase_orders_for_order(number):
        production_demo.demo_advance(
            po.number, "awaiting_manufacturer", person(Role.PRODUCTION_MANAGER)
        )
        if stage in ("awaiting_manufacturer",):
            continue
        production_demo.demo_advance(po.number, stage, workshop(po.manufacturer_id))


def inspect_pieces(number: str, *, fail_first: bool) -> None:
    """The quality controller inspects every piece waiting: the first round fails on a
    measure and a major defect, otherwise everything passes."""
    controller = person(Role.QUALITY_CONTROLLER)
    pending = Inspection.objects.filter(order_ref=number, status="pending").order_by("id")
    for inspection in pending:
        with transaction.atomic():
            quality.inspection_start(inspection=inspection, actor=controller)
            inspection.refresh_from_db()
            entries = []
            failed_one = False
            for result in inspection.results.all():
                if result.kind == "measure":
                    off = fail_first and not failed_one
                    failed_one = failed_one or off
                    measured = (result.target or 0) + (result.tolerance or 0) * (3 if off else 0)
                    entries.append(ResultEntry(result_id=result.pk, measured=measured))
                else:
                    entries.append(ResultEntry(result_id=result.pk, passed=True))
            quality.inspection_record_results(
                inspection=inspection, entries=entries, actor=controller
            )
            if fail_first:
                quality.inspection_add_defect(
                    inspection=inspection,
                    severity="major",
                    description="Seam open on the left armrest, about 4 cm.",
                    actor=controller,
                )
            quality.inspection_finish(
                inspection=inspection,
                notes="Demo inspection." if not fail_first else "Back to the workshop.",
                actor=controller,
            )


def rework_pieces(number: str) -> None:
    """The workshop repairs every piece sent back and hands it in again."""
    from atelier.production.models import ProductionItem

    for item in ProductionItem.objects.filter(order_ref=number, status="rework"):
        info = purchasing.purchase_order_info(item.purchase_order_number)
        with transaction.atomic():
            production.item_rework_complete(code=item.code, actor=workshop(info.manufacturer_id))


def deliver(number: str) -> None:
    """The logistics coordinator prepares, checks and books the delivery, then marks the
    white-glove team's progress (a carrier's tracking does this for parcels)."""
    coordinator = person(Role.PRODUCTION_MANAGER)
    with transaction.atomic():
        shipment = shipping.shipment_prepare(order_ref=number, actor=coordinator)
    shipment = Shipment.objects.get(pk=shipment.pk)
    with transaction.atomic():
        shipment = shipping.shipment_confirm_address(shipment=shipment, actor=coordinator)
    if shipment.kind == DeliveryKind.WHITE_GLOVE:
        with transaction.atomic():
            shipment = shipping.shipment_book_slot(
                shipment=shipment,
                day=timezone.localdate() + timedelta(days=3),
                window=SlotWindow.MORNING,
                actor=coordinator,
            )
    else:
        rates = shipping.shipment_rates(shipment=shipment, actor=coordinator)
        with transaction.atomic():
            shipment = shipping.shipment_choose_rate(
                shipment=shipment, product_code=rates[0].product_code, actor=coordinator
            )
    with transaction.atomic():
        shipment = shipping.shipment_confirm(shipment=shipment, actor=coordinator)
    shipment = shipping.shipment_book(shipment=shipment, actor=coordinator)
    for status in ("shipped", "out_for_delivery", "delivered"):
        with transaction.atomic():
            shipment = shipping.shipment_mark(
                shipment=Shipment.objects.get(pk=shipment.pk),
                to_status=status,
                note="Demo delivery team.",
                actor=coordinator,
            )


# --- Who does it -----------------------------------------------------------------------


def person(role: Role) -> Actor:
    """The demo's own person for a company-wide role (history shows them)."""
    found = next((p for p in people().staff if p.role == role and not p.scope), None)
    return _actor(found, f"demo {role.value}")


def workshop(manufacturer_id: int) -> Actor:
    """The workshop's demo contact (the portal login)."""
    user = (
        get_user_model()
        .objects.filter(manufacturer_id=manufacturer_id, kind="manufacturer", is_active=True)
        .order_by("id")
        .first()
    )
    return actor_for(user) if user else system_actor("demo workshop")


def _actor(person_data: PersonData | None, label: str) -> Actor:
    if person_data is None:
        return system_actor(label)
    user = get_user_model().objects.filter(email=person_data.email).first()
    return actor_for(user) if user else system_actor(label)


def _tally(ctx, created: bool) -> None:
    if ctx is not None and hasattr(ctx, "tally"):
        ctx.tally("pipeline orders", created)
