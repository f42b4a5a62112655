"""Payment providers behind one port: Stripe (real) and an offline fake (the default).

`registry.provider()` picks one from `PAYMENTS_PROVIDER`; `registry.provider(name)`
returns the one a stored payment was made with.
"""
