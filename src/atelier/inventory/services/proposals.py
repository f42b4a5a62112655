"""Replenishment rules and budgets, and what happens to the run's proposals."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.money import validate_currency
from atelier.core.statemachine import apply_transition
from atelier.inventory.enums import STOCK_KINDS, ProposalKind, ProposalStatus
from atelier.inventory.models import (
    CategoryBudget,
    Location,
    ReplenishmentProposal,
    ReplenishmentRule,
    Transfer,
)
from atelier.inventory.services import _common as check
from atelier.inventory.services.transfers import transfer_request
from atelier.inventory.transitions import APPROVE_BUDGET, PROPOSAL_TRANSITIONS

P = ProposalStatus


def replenishment_rule_set(
    *,
    location: Location,
    variant_id: int,
    min_quantity: int,
    max_quantity: int,
    actor: Actor,
    reorder_multiple: int = 1,
    minimum_order_quantity: int = 1,
    supplier_lead_time_days: int = 0,
    seasonality_factor: Decimal | str = "1",
    unit_cost: Decimal | str | None = None,
    currency: str = "",
    is_active: bool = True,
) -> ReplenishmentRule:
    """Create or replace the rule of `variant_id` at `location`."""
    if location.kind not in STOCK_KINDS:
        raise ValidationFailed("Rules apply to warehouses and boutiques.")
    check.require_manage(actor, location)
    check.known_variants([variant_id])
    fields = {
        "min_quantity": check.quantity(min_quantity, "min", allow_zero=True),
        "max_quantity": check.quantity(max_quantity, "max", allow_zero=True),
        "reorder_multiple": check.quantity(reorder_multiple, "reorder multiple"),
        "minimum_order_quantity": check.quantity(minimum_order_quantity, "minimum order"),
        "supplier_lead_time_days": _days(supplier_lead_time_days),
        "seasonality_factor": _decimal(seasonality_factor, "seasonality", high="9.99"),
        "is_active": bool(is_active),
        **_cost(unit_cost, currency),
    }
    if fields["min_quantity"] > fields["max_quantity"]:
        raise ValidationFailed("min must not be above max.")
    if fields["seasonality_factor"] <= 0:
        raise ValidationFailed("seasonality: must be above 0.")
    with transaction.atomic():
        rule, _ = ReplenishmentRule.objects.update_or_create(
            location=location, variant_id=variant_id, defaults=fields
        )
    return rule


def _days(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 730:
        raise ValidationFailed("supplier lead time: whole days from 0 to 730.")
    return value


def _decimal(value, name: str, *, high: str) -> Decimal:
    if isinstance(value, float | bool):
        raise ValidationFailed(f"{name}: give a decimal, not a {type(value).__name__}.")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationFailed(f"{name}: {value!r} is not a number.") from None
    if not result.is_finite() or not 0 <= result <= Decimal(high):
        raise ValidationFailed(f"{name}: from 0 to {high}.")
    return result


def _cost(unit_cost, currency: str) -> dict:
    if unit_cost in (None, ""):
        return {"unit_cost": None, "currency": ""}
    try:
        currency = validate_currency(currency)
    except ValueError as exc:
        raise ValidationFailed(f"currency: {exc}") from None
    return {"unit_cost": _decimal(unit_cost, "unit cost", high="9999999999"), "currency": currency}


def category_budget_set(
    *, category_id: int, period: date, amount, currency: str, actor: Actor
) -> CategoryBudget:
    """What may be committed to purchases of a category in the month of `period`."""
    if not actor.has_perm(APPROVE_BUDGET):
        raise PermissionDenied("You may not set purchase budgets.")
    if category_id not in dict(catalog.category_choices()):
        raise ValidationFailed("Unknown category.")
    if not isinstance(period, date):
        raise ValidationFailed("period: give a date in the month.")
    try:
        currency = validate_currency(currency)
    except ValueError as exc:
        raise ValidationFailed(f"currency: {exc}") from None
    budget, _ = CategoryBudget.objects.update_or_create(
        category_id=category_id,
        period=period.replace(day=1),
        defaults={"amount": _decimal(amount, "amount", high="999999999999"), "currency": currency},
    )
    return budget


# --- Proposals ------------------------------------------------------------------------


def proposal_approve(*, proposal: ReplenishmentProposal, actor: Actor, note: str = ""):
    """Accept a proposal over its category's budget (APPROVE_BUDGET)."""
    return apply_transition(
        proposal, P.APPROVED, table=PROPOSAL_TRANSITIONS, actor=actor, reason=check.note(note)
    )


def proposal_reject(*, proposal: ReplenishmentProposal, reason: str, actor: Actor):
    return apply_transition(
        proposal, P.REJECTED, table=PROPOSAL_TRANSITIONS, actor=actor, reason=reason
    )


def proposals_convert_to_transfers(
    *, proposals: list[ReplenishmentProposal], actor: Actor
) -> list[Transfer]:
    """Turn transfer proposals into requested transfers, one per (source, destination)."""
    if any(p.kind != ProposalKind.TRANSFER for p in proposals):
        raise ValidationFailed("Only transfer proposals become transfers.")
    groups = defaultdict(list)
    for proposal in proposals:
        groups[(proposal.source_id, proposal.location_id)].append(proposal)
    with transaction.atomic():
        return [_convert_group(group, actor) for group in groups.values()]


def _convert_group(group: list[ReplenishmentProposal], actor: Actor) -> Transfer:
    first = group[0]
    transfer = transfer_request(
        source=first.source,
        destination=first.location,
        lines=[(p.variant_id, p.quantity) for p in group],
        note="Replenishment " + ", ".join(p.number for p in group),
        actor=actor,
    )
    for proposal in group:
        _convert(proposal, transfer.number, actor)
    return transfer


def purchase_proposal_mark_ordered(
    *, proposal: ReplenishmentProposal, reference: str, actor: Actor
) -> ReplenishmentProposal:
    """Purchasing raised a purchase order for the proposal."""
    if proposal.kind != ProposalKind.PURCHASE:
        raise ValidationFailed("Only purchase proposals become purchase orders.")
    reference = check.reference(reference, "reference", max_length=60)
    return _convert(proposal, reference, actor)


def _convert(proposal, reference: str, actor: Actor) -> ReplenishmentProposal:
    return apply_transition(
        proposal,
        P.CONVERTED,
        table=PROPOSAL_TRANSITIONS,
        actor=actor,
        changes={"converted_reference": reference},
    )
