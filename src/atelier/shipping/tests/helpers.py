"""Builders for shipping tests: a warehouse in Munich, pieces with customs data, paid
orders (bare rows: sales makes them through its services in its own tests), actors, a
carrier that records its calls, and row counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.catalog.tests.factories import ProductFactory, VariantFactory
from atelier.core.actor import Actor
from atelier.core.models import OutboxMessage, StatusChange
from atelier.core.roles import Role
from atelier.integrations.carriers.fake import FakeCarrier
from atelier.org.models import Warehouse
from atelier.sales.models import Address, OrderLine, SalesOrder
from atelier.shipping.models import (
    Adjustment,
    ReadyPiece,
    Shipment,
    ShipmentLine,
    ShippableOrder,
    TrackingUpdate,
)

D = Decimal
ADDRESS_DE = {
    "name": "Lena Vogel",
    "line1": "Marienplatz 8",
    "postcode": "80331",
    "city": "Munich",
    "country": "DE",
}
ADDRESS_US = {
    "name": "Jordan Lee",
    "line1": "500 Madison Avenue",
    "postcode": "10022",
    "city": "New York",
    "state": "NY",
    "country": "US",
}
ADDRESS_NOWHERE = {
    "name": "Nobody",
    "line1": "Nowhere 1",
    "postcode": "99999",
    "city": "Berlin",
    "country": "DE",
}
TABLES = (Shipment, ShipmentLine, Adjustment, TrackingUpdate, ReadyPiece, ShippableOrder)
_numbers = count(1)


def actor(role: Role, *, boutiques=(), user_id=None) -> Actor:
    return Actor(
        user_id=user_id,
        label=role.label,
        roles=frozenset({role.value}),
        permissions=frozenset(c.perm for c in ROLE_CAPABILITIES[role]),
        boutique_ids=frozenset(boutiques),
    )


COORDINATOR = actor(Role.PRODUCTION_MANAGER)


def counts() -> dict[str, int]:
    found = {model.__name__: model.objects.count() for model in TABLES}
    found["StatusChange"] = StatusChange.objects.count()
    found["OutboxMessage"] = OutboxMessage.objects.count()
    return found


def warehouse() -> Warehouse:
    return Warehouse.objects.get_or_create(
        code="munich",
        defaults={
            "name": "Munich warehouse",
            "street": "Kaufingerstraße 10",
            "postcode": "80331",
            "city": "München",
            "country": "DE",
            "phone": "+49 89 1234567",
        },
    )[0]


def piece(name="Lumen lamp", *, made_to_order=False, hs_code="940520", country="IT",
          weight="12.50", **extra):  # fmt: skip
    product = ProductFactory(
        name=name,
        made_to_order=made_to_order,
        lead_time_days=56 if made_to_order else None,
        hs_code=hs_code,
        country_of_manufacture=country,
        package_weight_kg=D(weight) if weight else None,
        package_width_cm=D("60"),
        package_depth_cm=D("60"),
        package_height_cm=D("90"),
        published=True,
        **extra,
    )
    return VariantFactory(product=product, sku=f"SKU-{next(_numbers)}")


def paid_order(lines, *, address=ADDRESS_DE, status="paid", method="standard",
               boutique=None, currency="EUR", paid=True) -> SalesOrder:  # fmt: skip
    """`lines`: [(variant, quantity, unit_net)]; made-to-order from the product."""
    n = next(_numbers)
    total = sum((D(unit) * qty for _, qty, unit in lines), D(0))
    order = SalesOrder.objects.create(
        number=f"SO-2026-{n:06d}",
        status=status,
        channel="online",
        region_code="eu",
        currency=currency,
        tax_display="included",
        email=f"buyer{n}@example.com",
        phone="+4915112345678",
        shipping_address=Address.objects.create(**address) if address else None,
        shipping_method=method,
        boutique=boutique,
        total_gross=total,
        amount_paid=total if paid else D(0),
    )
    for position, (variant, qty, unit) in enumerate(lines, start=1):
        made = variant.product.made_to_order
        OrderLine.objects.create(
            order=order,
            position=position,
            ref=f"L{position}",
            kind="made_to_order" if made else "stock",
            variant=variant,
            sku=variant.sku,
            product_id=variant.product_id,
            product_name=variant.product.name,
            quantity=qty,
            unit_net=D(unit),
            finalisation="final",
        )
    return order


@dataclass(frozen=True, kw_only=True)
class Passed:
    """A quality.InspectionPassed as pipeline.md describes it (shipping never imports it)."""

    inspection_number: str
    item_code: str
    order_ref: str
    line_ref: str
    round: int = 1
    occurred_at: str = "2026-01-01T00:00:00+00:00"

    @property
    def key(self) -> str:
        return f"InspectionPassed:{self.inspection_number}:{self.item_code}"


def passed(order, line_ref="L1", code=None, number="QI-2026-000001") -> Passed:
    return Passed(
        inspection_number=number,
        item_code=code or f"IT-{next(_numbers):05d}",
        order_ref=order.number,
        line_ref=line_ref,
    )


@dataclass
class RecordingCarrier(FakeCarrier):
    """The fake carrier, remembering each call (method name, argument)."""

    calls: list = field(default_factory=list)

    def rates(self, req):
        self.calls.append(("rates", req))
        return super().rates(req)

    def validate_address(self, party):
        self.calls.append(("validate_address", party))
        return super().validate_address(party)

    def create_shipment(self, req):
        self.calls.append(("create_shipment", req))
        return super().create_shipment(req)

    def track(self, tracking_number):
        self.calls.append(("track", tracking_number))
        return super().track(tracking_number)
