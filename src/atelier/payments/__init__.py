"""Payments: payment intents, payment links, refunds, provider webhooks, reconciliation.

Other contexts use `facade.py` and react to `events.py`; see docs/contexts/payments.md.
"""
