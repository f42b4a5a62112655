"""Builders for inventory tests: a small company, variants, stock made through services."""

from __future__ import annotations

from dataclasses import dataclass

from atelier.accounts.roles import ROLE_CAPABILITIES
from atelier.accounts.tests.factories import make_boutique, make_region
from atelier.catalog.tests.factories import ProductFactory, VariantFactory
from atelier.core.actor import Actor, system_actor
from atelier.core.roles import Role
from atelier.inventory import services
from atelier.inventory.enums import LocationKind, MoveReason
from atelier.inventory.models import (
    CountLine,
    CountSheet,
    IncomingSupply,
    Location,
    ReplenishmentProposal,
    ReplenishmentRule,
    Reservation,
    StockLevel,
    StockMove,
    Transfer,
    TransferDiscrepancy,
    TransferLine,
)
from atelier.org.models import Warehouse

SYSTEM = system_actor("test")
TABLES = (
    StockLevel,
    StockMove,
    Reservation,
    Transfer,
    TransferLine,
    TransferDiscrepancy,
    CountSheet,
    CountLine,
    IncomingSupply,
    ReplenishmentRule,
    ReplenishmentProposal,
)


def actor(role: Role, *, boutiques=(), regions=(), user_id=None) -> Actor:
    """An Actor of `role` with the role's capabilities (no user row needed)."""
    return Actor(
        user_id=user_id,
        label=role.label,
        roles=frozenset({role.value}),
        permissions=frozenset(c.perm for c in ROLE_CAPABILITIES[role]),
        boutique_ids=frozenset(b.boutique_id if isinstance(b, Location) else b for b in boutiques),
        region_ids=frozenset(regions),
    )


def counts() -> dict[str, int]:
    """Rows per inventory table, to assert that a refusal wrote nothing."""
    return {model.__name__: model.objects.count() for model in TABLES}


def level(variant, location) -> tuple[int, int]:
    row = StockLevel.objects.filter(variant=variant, location=location).first()
    return (row.on_hand, row.reserved) if row else (0, 0)


def stock(variant, location, quantity: int) -> None:
    services.stock_adjust(
        location=location,
        variant_id=variant.pk,
        quantity=quantity,
        reason=MoveReason.OPENING_BALANCE,
        actor=SYSTEM,
    )


@dataclass
class World:
    eu: object
    uk: object
    warehouse: Location
    paris: Location  # EU, does not sell online
    milan: Location  # EU, sells online
    london: Location  # UK, sells online
    sofa: object  # a stocked variant
    chair: object
    bespoke: object  # a made-to-order variant (8 weeks)

    def loc(self, kind: str) -> Location:
        return Location.objects.get(kind=kind)

    @property
    def transit(self) -> Location:
        return self.loc(LocationKind.TRANSIT)


def make_world() -> World:
    eu, uk = make_region("eu"), make_region("uk", "GBP")
    for code, region in (("paris", eu), ("milan", eu), ("london", uk)):
        make_boutique(code, region)
    Warehouse.objects.create(code="central", name="Central warehouse", city="Lyon", country="FR")
    services.locations_sync(actor=SYSTEM)
    Location.objects.filter(boutique__code__in=["milan", "london"]).update(sells_online=True)
    by_boutique = {loc.boutique.code: loc for loc in Location.objects.filter(kind="boutique")}
    return World(
        eu=eu,
        uk=uk,
        warehouse=Location.objects.get(kind=LocationKind.WAREHOUSE),
        paris=by_boutique["paris"],
        milan=by_boutique["milan"],
        london=by_boutique["london"],
        sofa=VariantFactory(sku="SOFA-1", product__published=True),
        chair=VariantFactory(sku="CHAIR-1", product__published=True),
        bespoke=VariantFactory(
            sku="BESPOKE-1",
            product=ProductFactory(made_to_order=True, lead_time_days=56, published=True),
        ),
    )
