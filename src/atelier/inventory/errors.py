"""Errors the inventory raises besides the kernel's (core.errors)."""

from __future__ import annotations

from dataclasses import dataclass

from atelier.core.errors import Conflict
from atelier.inventory.enums import ErrorCode


@dataclass(frozen=True)
class Shortage:
    """One order line that could not be covered: what was asked, what was left."""

    line_ref: str
    variant_id: int
    requested: int
    available: int

    def as_dict(self) -> dict:
        return {
            "line_ref": self.line_ref,
            "variant_id": self.variant_id,
            "requested": self.requested,
            "available": self.available,
        }


class OutOfStock(Conflict):
    """A reservation could not be covered; nothing was reserved for any line.

    `shortages` says which variants and how many; the message is fit for a shopper.
    """

    code = ErrorCode.OUT_OF_STOCK

    def __init__(self, shortages: list[Shortage]):
        self.shortages = tuple(shortages)
        first = self.shortages[0]
        left = f"only {first.available} left" if first.available else "none left"
        message = (
            f"Sorry, variant {first.variant_id} is no longer available in the quantity "
            f"asked ({first.requested} requested, {left})."
        )
        if len(self.shortages) > 1:
            message += f" {len(self.shortages) - 1} more line(s) are short as well."
        super().__init__(message, shortages=[s.as_dict() for s in self.shortages])


class InsufficientStock(Conflict):
    """A move would take more from a location than it holds free of reservations."""

    code = ErrorCode.INSUFFICIENT_STOCK
