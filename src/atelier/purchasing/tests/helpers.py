"""Builders for purchasing tests: two workshops, a made-to-order product with options,
dimension ranges and a CAD file, a stocked product, a warehouse, and actors by role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.catalog import services as catalog_services
from atelier.catalog.models import DimensionRange, OptionChoice, OptionGroup
from atelier.catalog.tests.factories import MANAGER, ProductFactory, VariantFactory
from atelier.core.actor import Actor, system_actor
from atelier.core.roles import Role
from atelier.inventory import services as inventory_services
from atelier.org.models import Manufacturer, Warehouse
from atelier.purchasing.dto import PurchaseNeed
from atelier.purchasing.models import (
    ManufacturerContact,
    PurchaseOrder,
    PurchaseOrderFile,
    PurchaseOrderLine,
    PurchaseOrderMessage,
    PurchaseOrderRevision,
)

SYSTEM = system_actor("test")
TABLES = (
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderFile,
    PurchaseOrderMessage,
    PurchaseOrderRevision,
    ManufacturerContact,
)
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def actor(role: Role, *, manufacturer=None, user_id=None) -> Actor:
    return Actor(
        user_id=user_id,
        label=role.label,
        roles=frozenset({role.value}),
        permissions=frozenset(c.perm for c in ROLE_CAPABILITIES[role]),
        manufacturer_id=manufacturer.pk if manufacturer else None,
    )


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


def pdf(name="plan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def in_days(n: int):
    return timezone.localdate() + timedelta(days=n)


@dataclass
class World:
    a: Manufacturer
    b: Manufacturer
    bespoke: object  # made-to-order variant of A (fabric required, width 180-260)
    stocked: object  # stocked variant of A, no CAD file
    chair_b: object  # stocked variant of B
    manager: Actor  # production manager
    workshop_a: Actor
    workshop_b: Actor

    def configuration(self, fabric="wool", width=None) -> dict:
        """A sales-line configuration of the bespoke sofa (the shape sales keeps)."""
        group = OptionGroup.objects.get(product=self.bespoke.product, code="fabric")
        choice = group.choices.get(code=fabric)
        data = {
            "product_id": self.bespoke.product_id,
            "options": [
                {
                    "group_id": group.pk,
                    "group_code": "fabric",
                    "group_name": "Fabric",
                    "choice_id": choice.pk,
                    "choice_code": fabric,
                    "choice_name": choice.name,
                }
            ],
            "custom_dimensions": [],
        }
        if width:
            data["custom_dimensions"] = [
                {"axis": "width", "standard_cm": "240.0", "requested_cm": str(width)}
            ]
        return data

    def need(self, line_ref="L1", *, variant=None, quantity=1, **kwargs) -> PurchaseNeed:
        variant = variant or self.bespoke
        product = variant.product
        values = {
            "line_ref": line_ref,
            "manufacturer_id": product.manufacturer_id,
            "variant_id": variant.pk,
            "sku": variant.sku,
            "product_id": product.pk,
            "product_name": product.name,
            "variant_name": variant.name,
            "configuration": self.configuration() if product.made_to_order else {},
            "quantity": quantity,
            "unit_value": Decimal("2400.00"),
            "awaiting_finalisation": False,
            **kwargs,
        }
        return PurchaseNeed(**values)


def make_world() -> World:
    a = Manufacturer.objects.create(code="atelier-a", name="Atelier A", country="IT")
    b = Manufacturer.objects.create(code="atelier-b", name="Atelier B", country="PT")
    Warehouse.objects.create(code="central", name="Central", city="Lyon", country="FR")
    inventory_services.locations_sync(actor=SYSTEM)
    product = ProductFactory(
        manufacturer=a, made_to_order=True, lead_time_days=56, name="Bespoke sofa"
    )
    group = OptionGroup.objects.create(product=product, code="fabric", name="Fabric", kind="fabric")
    OptionChoice.objects.create(group=group, code="wool", name="Wool")
    OptionChoice.objects.create(group=group, code="linen", name="Linen")
    DimensionRange.objects.create(
        product=product, axis="width", min_cm=Decimal("180"), max_cm=Decimal("260")
    )
    catalog_services.production_file_upload(
        product=product, kind="cad", file=pdf("sofa-cad.pdf"), title="Frame CAD", actor=MANAGER
    )
    return World(
        a=a,
        b=b,
        bespoke=VariantFactory(product=product, sku="BESPOKE-1", name="Bespoke"),
        stocked=VariantFactory(product__manufacturer=a, sku="LAMP-1", name="Lamp"),
        chair_b=VariantFactory(product__manufacturer=b, sku="CHAIR-B", name="Chair"),
        manager=actor(Role.PRODUCTION_MANAGER, user_id=None),
        workshop_a=actor(Role.MANUFACTURER, manufacturer=a),
        workshop_b=actor(Role.MANUFACTURER, manufacturer=b),
    )


def raise_for(world: World, *needs, order_ref="SO-2026-000001", required_date=None):
    from atelier.purchasing import facade

    return facade.purchase_orders_raise_for_order(
        order_ref=order_ref,
        customer_reference="Mme Dupont",
        customer_tier="gold",
        currency="EUR",
        required_date=required_date or in_days(60),
        needs=needs or (world.need(),),
        actor=SYSTEM,
    )


def released(world: World, *needs, order_ref="SO-2026-000001") -> str:
    from atelier.purchasing import services

    (number,) = raise_for(world, *needs, order_ref=order_ref)
    services.purchase_order_release(number=number, actor=world.manager)
    return number
