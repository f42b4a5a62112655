"""Loyalty programme: points earned on paid orders, redeemed at checkout, tiers.

`rules` works on plain data; `selectors` reads balances, tiers and quotes; `services`
writes the append-only ledger (see docs/contexts/pricing.md).
"""
