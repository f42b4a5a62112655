"""Reads of the inventory context for pages and endpoints, always starting from access.py.

Modules: `levels` (stock and moves), `documents` (transfers, counts, proposals),
`exceptions` (the exceptions page and the consistency check), `availability` (what
the storefront promises; also used by the facade).
"""
