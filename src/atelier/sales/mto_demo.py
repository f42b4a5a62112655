"""Made-to-order demo (issue 8), made through the real services and the offline payment
page: a paid sofa awaiting finalisation, one finalised with a change request pending,
and one finalised and changed twice (credit notes and new invoices).

A demo step after `load_sales_demo`: wire it with
`*_step_if_present("atelier.sales.mto_demo", "load_mto_demo")`. Running it twice makes
nothing new (its orders are recognised by their e-mail).
"""

from __future__ import annotations

import logging
from types import SimpleNamespace

from atelier.catalog import facade as catalog
from atelier.core.actor import ANONYMOUS, system_actor
from atelier.core.errors import DomainError
from atelier.pricing import facade as pricing
from atelier.sales import demo
from atelier.sales.models import SalesOrder
from atelier.sales.services import changes, made_to_order

log = logging.getLogger(__name__)
REGION = "eu"
STAFF = system_actor("demo: made to order")
EMAILS = {
    "awaiting": "demo-mto-awaiting@atelier.example",
    "pending_change": "demo-mto-change@atelier.example",
    "changed_twice": "demo-mto-changed@atelier.example",
}


def load_mto_demo(ctx=None) -> dict[str, str]:
    """{story: order number} of the three made-to-order demo orders."""
    found = {}
    for story, email in EMAILS.items():
        order = SalesOrder.objects.filter(email=email).first()
        created = order is None
        if created:
            order = _story(story, email)
        if order is not None:
            found[story] = order.number
            demo._tally(ctx, created)
    return found


def _story(story: str, email: str) -> SalesOrder | None:
    sofa = _sofa()
    if sofa is None:
        log.warning("no made-to-order piece with two choices sold in %s: no demo", REGION)
        return None
    variant, group, choices = sofa
    try:
        result = demo._checkout(REGION, variant, email, ANONYMOUS)
        demo._pay(result.payment)
        order = SalesOrder.objects.get(pk=result.order.pk)
        if story == "awaiting":
            return order
        line = order.lines.get(position=1)
        made_to_order.line_finalise(order=order, line_id=line.pk, actor=STAFF)
        if story == "pending_change":
            _propose(order, line.pk, group, choices[1])
            return order
        for choice in (choices[1], choices[0]):
            _change(order, line.pk, group, choice)
        return order
    except DomainError as exc:
        log.warning("made-to-order demo %s skipped: %s", story, exc.message)
        return None


def _sofa():
    """A made-to-order variant sold in the region with an option of two or more choices."""
    for variant in demo._candidates(REGION, True):
        sold = pricing.configurator_prices(variant.product_id, REGION).options
        by_group: dict[str, list[str]] = {}
        for group, choice in catalog.option_pairs(variant.product_id, sorted(sold)):
            by_group.setdefault(group, []).append(choice)
        for group, choices in by_group.items():
            if len(choices) >= 2:
                return variant, group, choices
    return None


def _propose(order, line_id: int, group: str, choice: str):
    line = order.lines.get(pk=line_id)
    options = {**demo_options(line), group: choice}
    return changes.change_request_create(order=order, line_id=line_id, options=options, actor=STAFF)


def _change(order, line_id: int, group: str, choice: str) -> None:
    change = _propose(SalesOrder.objects.get(pk=order.pk), line_id, group, choice)
    result = changes.change_request_accept(change=change, actor=STAFF)
    if result.payment_url:  # an increase: the customer pays the link
        demo._pay(SimpleNamespace(provider="offline", redirect_url=result.payment_url))


def demo_options(line) -> dict[str, str]:
    return {o["group_code"]: o["choice_code"] for o in line.configuration.get("options", [])}
