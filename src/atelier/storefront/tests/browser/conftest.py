"""Playwright driving Debian's chromium, with axe-core: the shared set-up lives in
`atelier.core.testing.browser` (other contexts' browser tests use it too)."""

from atelier.core.testing.browser import (  # noqa: F401 (fixtures, hook and helpers)
    ARGS,
    AXE,
    CHROMIUM,
    VIEWPORTS,
    axe_violations,
    browser,
    page,
    pytest_collection_modifyitems,
)
