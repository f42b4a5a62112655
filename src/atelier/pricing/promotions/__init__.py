"""Promotions: discount codes and automatic promotions (see docs/contexts/pricing.md).

`rules` and `allocation` work on plain data; `offers` loads promotions for them;
`evaluate` prices a cart snapshot; `services` writes (promotions, redemptions).
"""
