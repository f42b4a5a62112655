"""Replenishment: rules, category budgets, the run that proposes, and what follows.

The run looks at every active rule and the stock position of its (variant, location):

    position = on hand - reserved + transfers on their way in - requested transfers out
               + free incoming supply - transfers proposed out in this run

When the position is below min x seasonality it proposes enough to reach
max x seasonality, rounded up to the reorder multiple and at least the minimum order
quantity: for a boutique a transfer from the warehouse (at most what the warehouse has
free), for a warehouse a purchase expected after the supplier lead time. A rule that
already has an open proposal is skipped, so running twice proposes nothing new.

Purchase proposals are valued at the rule's unit cost and counted against the budget of
their category (the nearest budgeted one up the tree) for the month; one that would
exceed it, or cannot be valued, waits for approval.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from atelier.accounts.roles import Cap
from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.numbering import next_number
from atelier.inventory import access
from atelier.inventory.enums import (
    OPEN_PROPOSAL_STATUSES,
    OPEN_TRANSFER_STATUSES,
    LocationKind,
    ProposalKind,
    ProposalStatus,
    TransferStatus,
)
from atelier.inventory.models import (
    CategoryBudget,
    IncomingSupply,
    Location,
    ReplenishmentProposal,
    ReplenishmentRule,
    StockLevel,
    TransferLine,
)
from atelier.inventory.services.locations import default_warehouse

P = ProposalStatus
Key = tuple[int, int]  # (variant id, location id)
COMMITTED = (P.PROPOSED, P.APPROVED, P.CONVERTED)


@dataclass
class RunResult:
    transfers: int = 0
    purchases: int = 0
    awaiting_approval: int = 0
    proposals: list[ReplenishmentProposal] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.transfers} transfer(s) and {self.purchases} purchase(s) proposed, "
            f"{self.awaiting_approval} awaiting budget approval."
        )


def replenishment_run(*, actor: Actor, today: date | None = None) -> RunResult:
    """Propose what the active rules at the actor's locations call for (system: all)."""
    if not actor.has_perm(Cap.MANAGE_STOCK.perm):
        raise PermissionDenied("You may not run replenishment.")
    today = today or timezone.localdate()
    rules = list(
        ReplenishmentRule.objects.filter(
            is_active=True, location__in=access.locations_manageable_by(actor)
        ).select_related("location")
    )
    with transaction.atomic():
        position = _Positions.load(rules)
        proposals = _transfer_proposals(rules, position) + _purchase_proposals(
            rules, position, today
        )
        _apply_budgets([p for p in proposals if p.kind == ProposalKind.PURCHASE], today)
        for proposal in proposals:
            proposal.number = next_number("RP")
            proposal.period = today.replace(day=1)
        ReplenishmentProposal.objects.bulk_create(proposals)
    return _result(proposals)


def _result(proposals) -> RunResult:
    result = RunResult(proposals=proposals)
    for p in proposals:
        if p.kind == ProposalKind.TRANSFER:
            result.transfers += 1
        else:
            result.purchases += 1
        result.awaiting_approval += p.status == P.AWAITING_APPROVAL
    return result


@dataclass
class _Positions:
    levels: dict[Key, StockLevel]
    inbound: dict[Key, int]
    outbound: dict[Key, int]
    supply: dict[Key, int]
    open_proposals: set[Key]
    warehouse: Location | None

    @classmethod
    def load(cls, rules) -> _Positions:
        variants = {r.variant_id for r in rules}
        try:
            warehouse = default_warehouse()
        except NotFound:
            warehouse = None
        levels = StockLevel.objects.filter(variant_id__in=variants)
        return cls(
            levels={(x.variant_id, x.location_id): x for x in levels},
            inbound=_transfer_quantities(variants, "destination", OPEN_TRANSFER_STATUSES),
            outbound=_outbound(variants),
            supply=_free_supply(variants),
            open_proposals=set(
                ReplenishmentProposal.objects.filter(
                    variant_id__in=variants, status__in=OPEN_PROPOSAL_STATUSES
                ).values_list("variant_id", "location_id")
            ),
            warehouse=warehouse,
        )

    def free(self, key: Key) -> int:
        level = self.levels.get(key)
        own = level.on_hand - level.reserved if level else 0
        return own - self.outbound.get(key, 0)

    def of(self, key: Key) -> int:
        return self.free(key) + self.inbound.get(key, 0) + self.supply.get(key, 0)


def _transfer_quantities(variants, side: str, statuses) -> dict[Key, int]:
    """Units of open transfers by (variant, `side` location): requested before shipping,
    shipped after."""
    result: dict[Key, int] = defaultdict(int)
    rows = TransferLine.objects.filter(
        variant_id__in=variants,
        transfer__status__in=statuses,
    ).values_list(
        "variant_id",
        f"transfer__{side}_id",
        "transfer__status",
        "quantity_requested",
        "quantity_shipped",
    )
    for variant_id, location_id, status, requested, shipped in rows:
        units = requested if status == TransferStatus.REQUESTED else (shipped or 0)
        result[(variant_id, location_id)] += units
    return result


def _outbound(variants) -> dict[Key, int]:
    """Units promised out of a location: requested transfers and open transfer proposals."""
    result = _transfer_quantities(variants, "source", (TransferStatus.REQUESTED,))
    rows = ReplenishmentProposal.objects.filter(
        variant_id__in=variants, kind=ProposalKind.TRANSFER, status__in=OPEN_PROPOSAL_STATUSES
    ).values_list("variant_id", "source_id", "quantity")
    for variant_id, source_id, quantity in rows:
        result[(variant_id, source_id)] += quantity
    return result


def _free_supply(variants) -> dict[Key, int]:
    rows = (
        IncomingSupply.objects.filter(variant_id__in=variants, is_open=True, order_ref="")
        .values("variant_id", "location_id")
        .annotate(units=Sum("quantity"))
    )
    return {(r["variant_id"], r["location_id"]): r["units"] for r in rows}


def order_quantity(rule: ReplenishmentRule, position: int) -> int:
    """How much to propose for `rule` at `position` (0 when it is not below min)."""
    factor = rule.seasonality_factor
    low = math.ceil(rule.min_quantity * factor)
    high = max(math.ceil(rule.max_quantity * factor), low)
    if position >= low:
        return 0
    need = max(high - position, rule.minimum_order_quantity)
    return math.ceil(need / rule.reorder_multiple) * rule.reorder_multiple


def _transfer_proposals(rules, position: _Positions) -> list[ReplenishmentProposal]:
    warehouse, proposals = position.warehouse, []
    if warehouse is None:
        return proposals
    for rule in rules:
        key = (rule.variant_id, rule.location_id)
        if rule.location.kind != LocationKind.BOUTIQUE or key in position.open_proposals:
            continue
        wanted = order_quantity(rule, position.of(key))
        source_key = (rule.variant_id, warehouse.pk)
        units = min(wanted, max(position.free(source_key), 0))
        if units <= 0:
            continue
        position.outbound[source_key] = position.outbound.get(source_key, 0) + units
        proposals.append(_proposal(rule, ProposalKind.TRANSFER, units, source=warehouse))
    return proposals


def _purchase_proposals(rules, position: _Positions, today: date) -> list[ReplenishmentProposal]:
    proposals = []
    for rule in rules:
        key = (rule.variant_id, rule.location_id)
        if rule.location.kind != LocationKind.WAREHOUSE or key in position.open_proposals:
            continue
        units = order_quantity(rule, position.of(key))
        if units <= 0:
            continue
        proposal = _proposal(rule, ProposalKind.PURCHASE, units)
        proposal.expected_date = today + timedelta(days=rule.supplier_lead_time_days)
        if rule.unit_cost is not None:
            proposal.value = (rule.unit_cost * units).quantize(Decimal("0.01"))
            proposal.currency = rule.currency
        proposals.append(proposal)
    return proposals


def _proposal(rule, kind, units, source=None) -> ReplenishmentProposal:
    return ReplenishmentProposal(
        kind=kind,
        variant_id=rule.variant_id,
        location=rule.location,
        source=source,
        quantity=units,
        status=P.PROPOSED,
    )


def _apply_budgets(proposals: list[ReplenishmentProposal], today: date) -> None:
    if not proposals:
        return
    period = today.replace(day=1)
    budgets = {b.category_id: b for b in CategoryBudget.objects.filter(period=period)}
    paths = catalog.variant_category_paths({p.variant_id for p in proposals})
    committed = dict(
        ReplenishmentProposal.objects.filter(
            period=period,
            kind=ProposalKind.PURCHASE,
            status__in=COMMITTED,
            category_id__in=list(budgets),
        )
        .values("category_id")
        .annotate(total=Sum("value"))
        .values_list("category_id", "total")
    )
    for proposal in proposals:
        chain = paths.get(proposal.variant_id, ())
        budgeted = next((c for c in reversed(chain) if c in budgets), None)
        proposal.category_id = budgeted or (chain[-1] if chain else None)
        if budgeted is None:
            continue
        budget, spent = budgets[budgeted], committed.get(budgeted) or Decimal(0)
        fits = proposal.value is not None and proposal.currency == budget.currency
        if fits and spent + proposal.value <= budget.amount:
            committed[budgeted] = spent + proposal.value
        else:
            proposal.status = P.AWAITING_APPROVAL
