"""Builders for quality tests: a category tree, a piece, a checklist made through the
services, and inspections opened the way production's event opens them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from PIL import Image

from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.catalog.tests.factories import (
    CategoryFactory,
    ManufacturerFactory,
    ProductFactory,
    VariantFactory,
)
from atelier.core.actor import Actor, system_actor
from atelier.core.events import Event
from atelier.core.models import StatusChange
from atelier.core.roles import Role
from atelier.quality import services
from atelier.quality.models import (
    Checklist,
    ChecklistItem,
    Defect,
    Inspection,
    InspectionPhoto,
    InspectionResult,
)

D = Decimal
SYSTEM = system_actor("test")
TABLES = (Checklist, ChecklistItem, Inspection, InspectionResult, Defect, InspectionPhoto)


def actor(role: Role, *, manufacturer_id=None, user_id=None) -> Actor:
    return Actor(
        user_id=user_id,
        label=role.label,
        roles=frozenset({role.value}),
        permissions=frozenset(c.perm for c in ROLE_CAPABILITIES[role]),
        manufacturer_id=manufacturer_id,
    )


QC = actor(Role.QUALITY_CONTROLLER)


def counts() -> dict[str, int]:
    data = {m.__name__: m.objects.count() for m in TABLES}
    data["StatusChange"] = StatusChange.objects.count()
    return data


@dataclass(frozen=True, kw_only=True)
class PieceReady(Event):
    """What production publishes (docs/contexts/pipeline.md), built here by duck typing."""

    item_code: str
    purchase_order_number: str
    manufacturer_id: int
    product_id: int
    variant_id: int
    order_ref: str
    line_ref: str
    round: int


@dataclass
class World:
    sofas: object
    modular: object  # a sub-category of sofas, without its own checklist
    lamps: object  # a category without a checklist
    workshop: object
    other_workshop: object
    sofa: object  # variant in `modular`
    lamp: object
    checklist: Checklist
    width: ChecklistItem  # measure: the piece's width ± 0.5 cm
    height: ChecklistItem  # measure: 80 ± 1 cm
    stitching: ChecklistItem  # pass/fail


def make_world() -> World:
    sofas = CategoryFactory(name="Sofas", slug="sofas")
    modular = CategoryFactory(name="Modular sofas", slug="modular-sofas", parent=sofas)
    lamps = CategoryFactory(name="Lighting", slug="lighting")
    workshop = ManufacturerFactory(code="brianza", name="Brianza")
    other = ManufacturerFactory(code="arraiolos", name="Arraiolos")
    sofa = VariantFactory(
        sku="SOFA-MOD",
        product=ProductFactory(category=modular, manufacturer=workshop, width_cm=D("220.0")),
    )
    lamp = VariantFactory(
        sku="LAMP-1", product=ProductFactory(category=lamps, manufacturer=other, name="Lamp")
    )
    checklist = services.checklist_create(category_id=sofas.pk, name="Sofas", actor=QC)
    width = services.checklist_item_add(
        checklist=checklist,
        label="Width",
        kind="measure",
        tolerance="0.5",
        dimension_key="width",
        actor=QC,
    )
    height = services.checklist_item_add(
        checklist=checklist,
        label="Height",
        kind="measure",
        target="80",
        tolerance="1",
        unit="cm",
        actor=QC,
    )
    stitching = services.checklist_item_add(
        checklist=checklist, label="Stitching even", kind="pass_fail", actor=QC
    )
    return World(
        sofas, modular, lamps, workshop, other, sofa, lamp, checklist, width, height, stitching
    )


def piece_event(world: World, code: str = "IT-0001", round: int = 1, variant=None) -> PieceReady:
    variant = variant or world.sofa
    return PieceReady(
        item_code=code,
        purchase_order_number="PO-2026-000001",
        manufacturer_id=variant.product.manufacturer_id,
        product_id=variant.product_id,
        variant_id=variant.pk,
        order_ref="",
        line_ref="",
        round=round,
    )


def open_inspection(world: World, code: str = "IT-0001", round: int = 1, variant=None):
    e = piece_event(world, code, round, variant)
    return services.inspection_open_for_piece(
        item_code=e.item_code,
        purchase_order_number=e.purchase_order_number,
        manufacturer_id=e.manufacturer_id,
        product_id=e.product_id,
        variant_id=e.variant_id,
        order_ref=e.order_ref,
        line_ref=e.line_ref,
        round=e.round,
        actor=SYSTEM,
    )


def started(world: World, code: str = "IT-0001", round: int = 1):
    inspection = open_inspection(world, code, round)
    return services.inspection_start(inspection=inspection, actor=QC)


def result(inspection, label: str) -> InspectionResult:
    return inspection.results.get(label=label)


def record_all_passing(inspection) -> None:
    services.inspection_record_results(
        inspection=inspection,
        entries=[
            services.ResultEntry(result(inspection, "Width").pk, measured="220.0"),
            services.ResultEntry(result(inspection, "Height").pk, measured="80"),
            services.ResultEntry(result(inspection, "Stitching even").pk, passed=True),
        ],
        actor=QC,
    )


def jpeg_bytes(size=(64, 48), *, exif=None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()


def png_bytes(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (0, 100, 200, 255)).save(out, format="PNG")
    return out.getvalue()
