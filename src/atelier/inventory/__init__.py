"""Inventory: locations, the stock ledger, reservations, transfers, counts, replenishment.

Other contexts call `atelier.inventory.facade` only; see docs/contexts/inventory.md.
"""
