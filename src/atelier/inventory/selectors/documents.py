"""Transfers, count sheets and replenishment proposals for pages and endpoints."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from atelier.core.actor import Actor
from atelier.core.models import StatusChange
from atelier.core.statemachine import allowed_transitions, history
from atelier.inventory import access
from atelier.inventory.models import (
    CountLine,
    CountSheet,
    ReplenishmentProposal,
    Transfer,
    TransferLine,
)
from atelier.inventory.selectors._common import with_variants
from atelier.inventory.transitions import COUNT_TRANSITIONS, TRANSFER_TRANSITIONS


def transfer_list(actor: Actor, *, status: str = "", location: str = "") -> QuerySet[Transfer]:
    rows = access.transfers_visible_to(actor).annotate(line_count=Count("lines"))
    if status:
        rows = rows.filter(status=status)
    if location:
        rows = rows.filter(Q(source__code=location) | Q(destination__code=location))
    return rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class TransferDetail:
    transfer: Transfer
    lines: list[TransferLine]
    history: list[StatusChange]
    actions: list[str]  # statuses the actor may move it to now
    may_ship: bool
    may_receive: bool


def transfer_detail(actor: Actor, number: str) -> TransferDetail:
    transfer = access.get_transfer_for(actor, number)
    lines = with_variants(transfer.lines.select_related("discrepancy").order_by("id"))
    actions = allowed_transitions(transfer, table=TRANSFER_TRANSITIONS, actor=actor)
    return TransferDetail(
        transfer=transfer,
        lines=lines,
        history=list(history(transfer)),
        actions=actions,
        may_ship=access.may_manage(actor, transfer.source),
        may_receive=access.may_manage(actor, transfer.destination),
    )


def count_sheet_list(actor: Actor, *, status: str = "") -> QuerySet[CountSheet]:
    rows = access.count_sheets_visible_to(actor).annotate(line_count=Count("lines"))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


@dataclass(frozen=True)
class CountSheetDetail:
    sheet: CountSheet
    lines: list[CountLine]
    history: list[StatusChange]
    actions: list[str]
    may_manage: bool

    @property
    def variances(self) -> list[CountLine]:
        return [line for line in self.lines if line.variance]


def count_sheet_detail(actor: Actor, number: str) -> CountSheetDetail:
    sheet = access.get_count_sheet_for(actor, number)
    return CountSheetDetail(
        sheet=sheet,
        lines=with_variants(sheet.lines.order_by("id")),
        history=list(history(sheet)),
        actions=allowed_transitions(sheet, table=COUNT_TRANSITIONS, actor=actor),
        may_manage=access.may_manage(actor, sheet.location),
    )


def proposal_list(
    actor: Actor, *, status: str = "", kind: str = ""
) -> QuerySet[ReplenishmentProposal]:
    rows = access.proposals_visible_to(actor)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-created_at", "-id")
