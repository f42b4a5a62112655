"""Inventory tables, split by topic; import them from here."""

from atelier.inventory.models.counts import CountLine, CountSheet
from atelier.inventory.models.locations import Location
from atelier.inventory.models.replenishment import (
    CategoryBudget,
    ReplenishmentProposal,
    ReplenishmentRule,
)
from atelier.inventory.models.reservations import IncomingSupply, Reservation
from atelier.inventory.models.stock import StockLevel, StockMove
from atelier.inventory.models.transfers import Transfer, TransferDiscrepancy, TransferLine

__all__ = [
    "CategoryBudget",
    "CountLine",
    "CountSheet",
    "IncomingSupply",
    "Location",
    "ReplenishmentProposal",
    "ReplenishmentRule",
    "Reservation",
    "StockLevel",
    "StockMove",
    "Transfer",
    "TransferDiscrepancy",
    "TransferLine",
]
