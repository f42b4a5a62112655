"""The demo's stock: locations, opening balances, a few incoming supplies, replenishment
rules. Made through the services, idempotently: running it again changes nothing.

The demo loader calls `load_inventory_demo()` after the catalog step (it takes the
loader's `DemoContext` as an optional argument, so it can sit in `STEPS` as it is).
Every active, stocked (not made-to-order) variant of the demo catalog gets units at the
warehouse and at some boutiques; every seventh is out of stock with a purchase order
three weeks out, so the storefront shows all of "in stock", "ships in N weeks" and
"made to order — about N weeks".
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import system_actor
from atelier.inventory import services
from atelier.inventory.enums import LocationKind, MoveReason
from atelier.inventory.models import IncomingSupply, Location, ReplenishmentRule, StockLevel
from atelier.inventory.services import ledger

OPENING = "DEMO-OPENING"


def load_inventory_demo(ctx=None) -> dict[str, int]:
    """Stock the demo catalog. Returns what was created (all zeros the second time)."""
    actor = getattr(ctx, "actor", None) or system_actor("demo loader")
    with transaction.atomic():
        created = {"locations": len(services.locations_sync(actor=actor))}
        sites = _sites()
        variants = _stocked_variants()
        created["stock levels"] = _opening_balances(variants, sites, actor)
        created["incoming supplies"] = _supplies(variants, sites, actor)
        created["replenishment rules"] = _rules(variants, sites, actor)
    if ctx is not None and hasattr(ctx, "tally"):
        for kind, count in created.items():
            for _ in range(count):
                ctx.tally(kind, True)
    return created


def _sites() -> list[Location]:
    rows = Location.objects.filter(
        is_active=True, kind__in=[LocationKind.WAREHOUSE, LocationKind.BOUTIQUE]
    )
    return sorted(rows, key=lambda x: (x.kind != LocationKind.WAREHOUSE, x.code))


def _stocked_variants() -> list[int]:
    ids = catalog.find_variant_ids(active_only=True)
    info = catalog.variants_by_ids(ids)
    return [v for v in ids if v in info and not info[v].made_to_order]


def _plan(index: int, site_index: int, site: Location) -> int:
    """Units of the `index`-th variant at a site: none for every seventh variant, 2-6 at
    the warehouse, 1-2 at one or two boutiques in turn."""
    if index % 7 == 0:
        return 0
    if site.kind == LocationKind.WAREHOUSE:
        return 2 + index % 5
    return 1 + index % 2 if (index + site_index) % 3 == 0 else 0


def _opening_balances(variants, sites, actor) -> int:
    if not sites:
        return 0
    have = set(
        StockLevel.objects.filter(variant_id__in=variants, location__in=sites).values_list(
            "variant_id", "location_id"
        )
    )
    source = services.location_virtual(LocationKind.ADJUSTMENT)
    specs = [
        ledger.MoveSpec(
            variant_id=v,
            source=source,
            destination=site,
            quantity=units,
            reason=MoveReason.OPENING_BALANCE,
            reference=OPENING,
        )
        for i, v in enumerate(variants)
        for s, site in enumerate(sites)
        if (v, site.pk) not in have and (units := _plan(i, s, site))
    ]
    ledger.post_moves(specs, actor=actor)
    return len(specs)


def _supplies(variants, sites, actor) -> int:
    warehouse = next((s for s in sites if s.kind == LocationKind.WAREHOUSE), None)
    if warehouse is None:
        return 0
    wanted = {f"DEMO-PO-{v}": v for i, v in enumerate(variants) if i % 7 == 0}
    existing = set(
        IncomingSupply.objects.filter(reference__in=wanted).values_list("reference", flat=True)
    )
    due = timezone.localdate() + timedelta(weeks=3)
    for reference, variant_id in wanted.items():
        if reference not in existing:
            services.incoming_supply_record(
                variant_id=variant_id,
                quantity=4,
                expected_date=due,
                reference=reference,
                location=warehouse,
                actor=actor,
            )
    return len(set(wanted) - existing)


def _rules(variants, sites, actor) -> int:
    have = set(ReplenishmentRule.objects.values_list("variant_id", "location_id"))
    made = 0
    for variant_id in variants[:20]:
        for site in sites:
            if (variant_id, site.pk) in have:
                continue
            is_warehouse = site.kind == LocationKind.WAREHOUSE
            services.replenishment_rule_set(
                location=site,
                variant_id=variant_id,
                actor=actor,
                min_quantity=2 if is_warehouse else 1,
                max_quantity=6 if is_warehouse else 2,
                reorder_multiple=2 if is_warehouse else 1,
                supplier_lead_time_days=42 if is_warehouse else 0,
            )
            made += 1
    return made
