"""The demo's purchasing data: the people to talk to at each workshop.

`load_purchasing_demo(ctx)` runs after the manufacturers step (it reads
`ctx.manufacturers`, falling back to every manufacturer in the database) and is
idempotent: a contact that exists (same workshop and name) is left alone. Purchase orders
at every stage come from the sales demo orders (paid orders raise them through
production); `demo_purchase_orders()` walks raised drafts along the pipeline.
"""

from __future__ import annotations

from django.db import transaction

from atelier.core.actor import system_actor
from atelier.org.models import Manufacturer
from atelier.purchasing.models import ManufacturerContact
from atelier.purchasing.services import contacts

# code -> (production contact, accounts contact)
PEOPLE = {
    "meroni": ("Paolo Meroni", "Giulia Meroni"),
    "zanin": ("Stefano Zanin", "Lucia Zanin"),
    "marmi-apuani": ("Chiara Lazzerini", "Marco Bertolini"),
    "lys-form": ("Mette Sørensen", "Jonas Holm"),
    "arraiolos": ("Ana Figueiredo", "Rui Carvalho"),
    "hartwell-lane": ("William Hartwell", "Emma Hartwell"),
}


def load_purchasing_demo(ctx=None) -> dict[str, int]:
    actor = getattr(ctx, "actor", None) or system_actor("demo loader")
    makers = list(getattr(ctx, "manufacturers", {}).values()) or list(Manufacturer.objects.all())
    created = 0
    with transaction.atomic():
        for maker in makers:
            for name, role, primary in _people(maker):
                new = not ManufacturerContact.objects.filter(manufacturer=maker, name=name).exists()
                if new:
                    contacts.manufacturer_contact_add(
                        manufacturer_id=maker.pk,
                        name=name,
                        email=_email(maker, role),
                        phone=maker.phone,
                        role=role,
                        is_primary=primary,
                        actor=actor,
                    )
                    created += 1
                if ctx is not None and hasattr(ctx, "tally"):
                    ctx.tally("manufacturer contacts", new)
    return {"manufacturer contacts": created}


def _people(maker: Manufacturer) -> list[tuple[str, str, bool]]:
    production, accounts = PEOPLE.get(maker.code, ("Production desk", "Accounts desk"))
    return [(production, "production", True), (accounts, "accounts", False)]


def _email(maker: Manufacturer, role: str) -> str:
    domain = maker.email.partition("@")[2] or f"{maker.code}.example"
    return f"{role}@{domain}"


def demo_purchase_orders(*, release: int = 0, accept: int = 0, start: int = 0, actor=None):
    """Walk the oldest draft purchase orders along: release `release` of them (those whose
    checklist passes), then accept `accept` and start `start` of the released ones, as
    the workshop would. Returns the numbers moved, by step."""
    from atelier.purchasing.checklist import failing
    from atelier.purchasing.enums import POStatus
    from atelier.purchasing.models import PurchaseOrder
    from atelier.purchasing.services import lifecycle

    actor = actor or system_actor("demo loader")
    moved: dict[str, list[str]] = {"released": [], "accepted": [], "started": []}
    drafts = PurchaseOrder.objects.filter(status=POStatus.DRAFT).order_by("id")
    for po in drafts:
        if len(moved["released"]) >= release:
            break
        if not failing(po):
            lifecycle.purchase_order_release(number=po.number, actor=actor)
            moved["released"].append(po.number)
    for number in moved["released"][:accept]:
        lifecycle.purchase_order_accept(number=number, actor=actor)
        moved["accepted"].append(number)
    for number in moved["accepted"][:start]:
        lifecycle.purchase_order_start(number=number, actor=actor)
        moved["started"].append(number)
    return moved
