"""What other contexts (sales, storefront, purchasing, api) may ask the inventory.

Everything returns frozen dataclasses from `inventory.dto`, never models. Writes run in
a savepoint of the caller's transaction: a refusal leaves nothing behind, and the
caller's own writes (the order) commit or roll back with it.

Errors: `OutOfStock` (409, a Conflict: "no longer available", with `shortages`),
`core.errors.NotFound` for an unknown order or supply, `Conflict` for a move the
current state does not allow, `ValidationFailed` for bad input.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime

from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.inventory import services
from atelier.inventory.dto import (
    Availability,
    HeldUnits,
    PickupBoutique,
    PurchaseProposalInfo,
    ReservationSummary,
    SupplyInfo,
)
from atelier.inventory.enums import READY_PROPOSAL_STATUSES, ProposalKind, ReservationStatus
from atelier.inventory.errors import OutOfStock, Shortage
from atelier.inventory.models import IncomingSupply, ReplenishmentProposal, Reservation
from atelier.inventory.selectors import availability as _availability

__all__ = [
    "Availability",
    "OutOfStock",
    "PickupBoutique",
    "ReservationSummary",
    "Shortage",
    "availability_for_variants",
    "confirm",
    "expected_dates",
    "fulfil",
    "incoming_supply_close",
    "incoming_supply_record",
    "incoming_supply_update",
    "pickup_boutiques_for",
    "purchase_proposal_mark_ordered",
    "purchase_proposals_ready",
    "receive_supply",
    "release",
    "reservation_for",
    "reserve",
    "stock_source",
]


# --- Reservations (sales) -------------------------------------------------------------


def reserve(
    *,
    order_ref: str,
    lines: Iterable[tuple[str, int, int]],
    channel: str = "online",
    pickup_boutique_id: int | None = None,
    expires_at: datetime | None = None,
    actor: Actor,
) -> ReservationSummary:
    """Hold stock for every line (line_ref, variant_id, quantity) or raise OutOfStock
    having held nothing. Call it in the transaction that creates the order."""
    services.reservation_create(
        order_ref=order_ref,
        lines=lines,
        channel=channel,
        pickup_boutique_id=pickup_boutique_id,
        expires_at=expires_at,
        actor=actor,
    )
    return reservation_for(order_ref)


def confirm(order_ref: str, *, actor: Actor) -> ReservationSummary:
    """Payment received: the holds stay until shipped. Idempotent."""
    services.reservation_confirm(order_ref=order_ref, actor=actor)
    return reservation_for(order_ref)


def release(
    order_ref: str, reason: str, *, actor: Actor, line_refs: Iterable[str] | None = None
) -> ReservationSummary:
    """Order (or these lines) cancelled: give the units back. Idempotent."""
    services.reservation_release(
        order_ref=order_ref, reason=reason, actor=actor, line_refs=line_refs
    )
    return reservation_for(order_ref)


def fulfil(
    order_ref: str, *, actor: Actor, line_refs: Iterable[str] | None = None
) -> ReservationSummary:
    """Shipped: the confirmed holds (of these lines) leave stock for the customer."""
    services.reservation_fulfil(order_ref=order_ref, actor=actor, line_refs=line_refs)
    return reservation_for(order_ref)


def reservation_for(order_ref: str) -> ReservationSummary:
    """Every hold of the order, whatever its status (NotFound when there is none)."""
    rows = list(
        Reservation.objects.filter(order_ref=order_ref)
        .select_related("location")
        .order_by("line_ref", "id")
    )
    if not rows:
        raise NotFound(f"No reservation for order {order_ref}.")
    pending = [r.expires_at for r in rows if r.status == ReservationStatus.PENDING]
    return ReservationSummary(
        order_ref=order_ref,
        held=tuple(_held(r) for r in rows),
        expires_at=min(pending) if pending else None,
    )


def _held(row: Reservation) -> HeldUnits:
    return HeldUnits(
        line_ref=row.line_ref,
        variant_id=row.variant_id,
        quantity=row.quantity,
        location_code=row.location.code,
        location_name=row.location.name,
        boutique_id=row.location.boutique_id,
        status=row.status,
    )


# --- Availability (storefront, api) ---------------------------------------------------


def availability_for_variants(
    variant_ids: Collection[int], region_code: str | None = None, channel: str = "online"
) -> dict[int, Availability]:
    """Status, units, weeks, date and label per variant, from live stock; 5 queries."""
    return _availability.availability_for_variants(
        variant_ids, region_code=region_code, channel=channel
    )


def pickup_boutiques_for(
    variant_ids: Collection[int], *, quantities: Mapping[int, int] | None = None
) -> list[PickupBoutique]:
    """Click and collect: open boutiques holding every variant (free of holds)."""
    return _availability.pickup_boutiques_for(variant_ids, quantities=quantities)


def stock_source(*, channel: str = "online", region_code: str | None = None):
    """A `catalog.ports.StockSource` for catalog listings' "in stock" filter."""
    return _availability.StockSource(channel=channel, region_code=region_code)


def expected_dates(order_ref: str) -> dict[str, date]:
    """line_ref -> when supply bought for that line is expected (made to order, short)."""
    rows = IncomingSupply.objects.filter(order_ref=order_ref, is_open=True).order_by(
        "expected_date"
    )
    result: dict[str, date] = {}
    for line_ref, when in rows.values_list("line_ref", "expected_date"):
        result.setdefault(line_ref, when)
    return result


# --- Supply and proposals (purchasing) ------------------------------------------------


def incoming_supply_record(
    *,
    variant_id: int,
    quantity: int,
    expected_date: date,
    reference: str,
    actor: Actor,
    order_ref: str = "",
    line_ref: str = "",
) -> SupplyInfo:
    """A purchase order line: units expected at the warehouse on `expected_date`."""
    return _supply(
        services.incoming_supply_record(
            variant_id=variant_id,
            quantity=quantity,
            expected_date=expected_date,
            reference=reference,
            order_ref=order_ref,
            line_ref=line_ref,
            actor=actor,
        )
    )


def incoming_supply_update(
    *, reference: str, actor: Actor, quantity: int | None = None, expected_date=None
) -> SupplyInfo:
    return _supply(
        services.incoming_supply_update(
            reference=reference, quantity=quantity, expected_date=expected_date, actor=actor
        )
    )


def incoming_supply_close(*, reference: str, actor: Actor) -> SupplyInfo:
    return _supply(services.incoming_supply_close(reference=reference, actor=actor))


def receive_supply(*, reference: str, quantity: int, actor: Actor) -> SupplyInfo:
    """Goods of `reference` arrived: a receipt move into its location."""
    services.supply_receive(reference=reference, quantity=quantity, actor=actor)
    return _supply(IncomingSupply.objects.select_related("location").get(reference=reference))


def _supply(row: IncomingSupply) -> SupplyInfo:
    return SupplyInfo(
        reference=row.reference,
        variant_id=row.variant_id,
        quantity=row.quantity,
        expected_date=row.expected_date,
        location_code=row.location.code,
        order_ref=row.order_ref,
        line_ref=row.line_ref,
        is_open=row.is_open,
    )


def purchase_proposals_ready() -> list[PurchaseProposalInfo]:
    """Purchase proposals within budget or approved, oldest first."""
    rows = ReplenishmentProposal.objects.filter(
        kind=ProposalKind.PURCHASE, status__in=READY_PROPOSAL_STATUSES
    ).select_related("location")
    return [_proposal(p) for p in rows.order_by("created_at", "id")]


def purchase_proposal_mark_ordered(
    number: str, *, reference: str, actor: Actor
) -> PurchaseProposalInfo:
    """Purchasing raised `reference` (a purchase order) for the proposal `number`."""
    proposal = ReplenishmentProposal.objects.filter(number=number).first()
    if proposal is None:
        raise NotFound(f"No proposal {number}.")
    services.purchase_proposal_mark_ordered(proposal=proposal, reference=reference, actor=actor)
    proposal.refresh_from_db()
    return _proposal(proposal)


def _proposal(row: ReplenishmentProposal) -> PurchaseProposalInfo:
    return PurchaseProposalInfo(
        number=row.number,
        variant_id=row.variant_id,
        quantity=row.quantity,
        location_code=row.location.code,
        expected_date=row.expected_date,
        value=row.value,
        currency=row.currency,
        status=row.status,
    )
