"""Browser tests' shared set-up: Playwright (sync API) driving Debian's chromium against
pytest-django's live_server, and axe-core's WCAG 2.1 AA check.

Never `playwright install`: the browser is /usr/bin/chromium (apt). Tests marked
`browser` are skipped, with the reason shown, only when that browser is missing.
Any context's tests may use it (core is the lowest layer): import `browser` (and `page`
for the phone and desktop viewports) into the test module or a conftest, and call
`axe_violations(page)`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}


SKIP_REASON = "needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason=SKIP_REASON)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
    # tests make to build their data are still synchronous and safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    # No country in the language: the visitor lands in DEFAULT_REGION (EU, euros).
    context = browser.new_context(**VIEWPORTS[request.param], locale="en")
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[str]:
    """axe-core's WCAG 2.1 A/AA (and best-practice) violations of the given impacts."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in impacts
    ]
