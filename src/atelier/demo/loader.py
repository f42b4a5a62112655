"""Load the demo company, step by step, through the same services the product uses.

`load_demo()` runs every step in `STEPS`, in order, in one transaction. Each step makes
its rows exist and leaves rows that already exist alone, so loading twice changes
nothing. A later issue adds to the demo (catalog, orders...) by writing a step — a
function taking the `DemoContext` — and appending it to `STEPS`; the context carries
what earlier steps loaded (regions, boutiques, workshops, users by e-mail).

Demo accounts share one known password: the loader refuses to run in production.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from atelier.accounts import services as accounts
from atelier.core.actor import Actor, system_actor
from atelier.core.errors import DomainError
from atelier.core.roles import BOUTIQUE_ROLES, REGION_ROLES, Role
from atelier.demo import data
from atelier.demo.catalog import load_catalog, load_prices
from atelier.demo.selectors import users_by_email
from atelier.org import services as org
from atelier.org.models import Boutique, Manufacturer, Region, Warehouse


class DemoRefused(DomainError):
    code = "demo_refused"
    status = 403


@dataclass
class DemoContext:
    actor: Actor
    counts: dict[str, Counter] = field(default_factory=dict)  # kind -> {new, existing}
    regions: dict[str, Region] = field(default_factory=dict)
    boutiques: dict[str, Boutique] = field(default_factory=dict)
    warehouses: dict[str, Warehouse] = field(default_factory=dict)
    manufacturers: dict[str, Manufacturer] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    def tally(self, kind: str, created: bool) -> None:
        self.counts.setdefault(kind, Counter())["new" if created else "existing"] += 1

    def summary(self) -> str:
        return "; ".join(f"{kind} {c.total()} ({c['new']} new)" for kind, c in self.counts.items())


Step = Callable[[DemoContext], None]


def load_demo(*, steps: Iterable[Step] | None = None) -> DemoContext:
    """Load the demo company; refuse, writing nothing, when running in production."""
    if settings.PRODUCTION:
        raise DemoRefused(
            "Refusing to load demo data in production (ATELIER_ENV=production): "
            "demo accounts share a published password."
        )
    ctx = DemoContext(actor=system_actor("demo loader"))
    with transaction.atomic():
        for step in STEPS if steps is None else steps:
            step(ctx)
    if steps is None:
        for step in AFTER_COMMIT_STEPS:
            step(ctx)
    return ctx


# --- Steps: the organisation ---------------------------------------------------------


def load_regions(ctx: DemoContext) -> None:
    for r in data.REGIONS:
        region, created = org.region_upsert(
            code=r.code,
            name=r.name,
            currency=r.currency,
            countries=list(r.countries),
            actor=ctx.actor,
        )
        ctx.regions[r.code] = region
        ctx.tally("regions", created)


def load_boutiques(ctx: DemoContext) -> None:
    for b in data.BOUTIQUES:
        boutique, created = org.boutique_upsert(
            region=ctx.regions[b.region], actor=ctx.actor, **_site_fields(b)
        )
        ctx.boutiques[b.code] = boutique
        ctx.tally("boutiques", created)


def load_warehouses(ctx: DemoContext) -> None:
    for w in data.WAREHOUSES:
        warehouse, created = org.warehouse_upsert(actor=ctx.actor, **_site_fields(w))
        ctx.warehouses[w.code] = warehouse
        ctx.tally("warehouses", created)


def load_manufacturers(ctx: DemoContext) -> None:
    for m in data.MANUFACTURERS:
        manufacturer, created = org.manufacturer_upsert(
            code=m.code,
            name=m.name,
            street=m.street,
            postcode=m.postcode,
            city=m.city,
            country=m.country,
            email=m.email,
            phone=m.phone,
            lead_time_days=m.lead_time_days,
            capabilities=m.capabilities,
            actor=ctx.actor,
        )
        ctx.manufacturers[m.code] = manufacturer
        ctx.tally("manufacturers", created)


def _site_fields(site: data.SiteData) -> dict:
    return {
        "code": site.code,
        "name": site.name,
        "street": site.street,
        "postcode": site.postcode,
        "city": site.city,
        "country": site.country,
        "timezone": site.timezone,
        "phone": site.phone,
        "email": site.email,
    }


# --- Steps: people -------------------------------------------------------------------


def load_staff(ctx: DemoContext) -> None:
    """Staff and workshop contacts, one per role and boutique / region / workshop."""
    everyone = data.people()
    people = everyone.staff + everyone.manufacturers
    ctx.users.update(users_by_email(p.email for p in people))
    for person in people:
        kind = "workshop contacts" if person.role == Role.MANUFACTURER else "staff"
        if person.email in ctx.users:
            ctx.tally(kind, False)
            continue
        ctx.users[person.email] = accounts.user_create_staff(
            email=person.email,
            role=person.role,
            first_name=person.first_name,
            last_name=person.last_name,
            password=settings.DEMO_PASSWORD,
            **_scope(ctx, person),
            actor=ctx.actor,
        )
        _mark_demo(ctx.users[person.email])
        ctx.tally(kind, True)


def load_customers(ctx: DemoContext) -> None:
    customers = data.people().customers
    ctx.users.update(users_by_email(p.email for p in customers))
    for person in customers:
        if person.email in ctx.users:
            ctx.tally("customers", False)
            continue
        ctx.users[person.email] = accounts.customer_create(
            email=person.email,
            password=settings.DEMO_PASSWORD,
            first_name=person.first_name,
            last_name=person.last_name,
            verified=True,
        )
        _mark_demo(ctx.users[person.email])
        ctx.tally("customers", True)


def _scope(ctx: DemoContext, person: data.PersonData) -> dict:
    if person.role in BOUTIQUE_ROLES:
        return {"boutiques": [ctx.boutiques[person.scope]]}
    if person.role in REGION_ROLES:
        return {"regions": [ctx.regions[person.scope]]}
    if person.role == Role.MANUFACTURER:
        return {"manufacturer": ctx.manufacturers[person.scope]}
    return {}


def _mark_demo(user) -> None:
    """Flag an account the loader just made, so `demo_accounts` and clean-ups find it.

    The accounts services have no `is_demo` argument; this flag is the demo's own.
    """
    user.is_demo = True
    user.save(update_fields=["is_demo"])


def _step_if_present(module: str, name: str) -> list[Step]:
    """A step another context provides (its own `demo.py`), once it exists.

    Absent module or function: no step. A module that exists but fails to import
    raises, so a broken step is never skipped silently.
    """
    if importlib.util.find_spec(module) is None:
        return []
    step = getattr(importlib.import_module(module), name, None)
    return [step] if callable(step) else []


# The company: places, workshops and people (quick; most demo tests need only these).
ORGANISATION_STEPS: list[Step] = [
    load_regions,
    load_boutiques,
    load_warehouses,
    load_manufacturers,
    load_staff,
    load_customers,
]

STEPS: list[Step] = [
    *ORGANISATION_STEPS,
    load_catalog,  # issue 3: categories, products, media, collections, menu (demo/catalog.py)
    load_prices,
    *_step_if_present("atelier.inventory.demo", "load_inventory_demo"),
    *_step_if_present("atelier.pricing.demo", "load_promotions_demo"),
    *_step_if_present("atelier.purchasing.demo", "load_purchasing_demo"),
    *_step_if_present("atelier.quality.demo", "load_quality_demo"),
]

# Steps that need the real event reactions (a payment raising purchase orders, a
# completed piece opening its inspection...): they run after the steps above commit,
# each action committing on its own, as in production.
AFTER_COMMIT_STEPS: list[Step] = [
    *_step_if_present("atelier.sales.demo", "load_sales_demo"),
    *_step_if_present("atelier.sales.mto_demo", "load_mto_demo"),
    *_step_if_present("atelier.demo.pipeline", "load_pipeline_demo"),
    *_step_if_present("atelier.shipping.demo", "load_shipping_demo"),
]
