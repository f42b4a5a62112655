"""The inspector's journey in a real browser on a phone (390x844, touch): the queue, a
pending inspection started, a measure and a pass/fail recorded, the inspection finished
— with no serious or critical axe-core violation on the queue and inspection pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from atelier.accounts.tests.factories import PASSWORD, make_user
from atelier.core.roles import Role
from atelier.core.testing.browser import (  # noqa: F401 (the browser fixture)
    VIEWPORTS,
    axe_violations,
    browser,
    needs_chromium,
)
from atelier.quality.models import Inspection
from atelier.quality.tests.helpers import make_world, open_inspection

pytestmark = [pytest.mark.browser, needs_chromium, pytest.mark.django_db(transaction=True)]
NO_HANDLERS: dict = {}  # the events finishing publishes are production's business
QUEUE = "/backoffice/quality/"


@pytest.fixture
def page(browser):  # noqa: F811
    context = browser.new_context(**VIEWPORTS["phone"], locale="en")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def world(transactional_db, settings):
    settings.EVENT_WIRING = f"{__name__}.NO_HANDLERS"
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    return make_world()


def sign_in(page, live_server) -> None:
    inspector = make_user(Role.QUALITY_CONTROLLER, "ana.qc@example.com")
    page.goto(f"{live_server.url}/backoffice/login/?next={QUEUE}")
    page.get_by_label("E-mail address").fill(inspector.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections to do")


def test_the_inspector_records_a_measure_and_a_pass_and_finishes(page, live_server, world):
    inspection = open_inspection(world, code="IT-0077")
    sign_in(page, live_server)

    expect(page.get_by_role("row", name="IT-0077")).to_contain_text("Pending")
    assert axe_violations(page) == []

    page.get_by_role("link", name="IT-0077").tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text("IT-0077")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start inspection").tap()

    expect(page.get_by_text("Target 220.00 ± 0.50 cm")).to_be_visible()
    page.get_by_label("Measured (cm)").first.fill("220,3")  # the width, comma as typed
    page.get_by_label("Measured (cm)").nth(1).fill("80.5")
    page.get_by_role("group", name="Stitching even").get_by_label("Pass").check()
    page.get_by_role("button", name="Save results").tap()

    checklist = page.locator(".qc-items")
    expect(checklist).to_contain_text("within tolerance")
    expect(checklist).not_to_contain_text("out of tolerance")
    assert axe_violations(page) == []

    page.get_by_label("Notes").fill("All good")
    page.get_by_role("button", name="Finish inspection").tap()
    expect(page.locator("dl")).to_contain_text("Passed")
    expect(page.get_by_role("button", name="Finish inspection")).to_have_count(0)
    inspection.refresh_from_db()
    assert (inspection.status, inspection.notes) == ("passed", "All good")
    assert sorted(inspection.results.values_list("label", "passed")) == [
        ("Height", True),
        ("Stitching even", True),
        ("Width", True),
    ]
    assert axe_violations(page) == []


def test_a_failed_piece_is_recorded_with_its_defect(page, live_server, world):
    open_inspection(world, code="IT-0078")
    sign_in(page, live_server)
    page.get_by_role("link", name="IT-0078").tap()
    page.get_by_role("button", name="Start inspection").tap()

    page.get_by_label("Measured (cm)").first.fill("220")
    page.get_by_label("Measured (cm)").nth(1).fill("83")  # 80 ± 1: too tall
    page.get_by_role("group", name="Stitching even").get_by_label("Fail").check()
    page.get_by_role("button", name="Save results").tap()
    expect(page.locator(".qc-items")).to_contain_text("out of tolerance")

    page.get_by_role("group", name="Severity").get_by_label("Major").check()
    page.get_by_label("Description").fill("Seam open on the left arm")
    page.get_by_role("button", name="Add defect").tap()
    expect(page.get_by_role("list").filter(has_text="Seam open")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Finish inspection").tap()
    expect(page.locator("dl")).to_contain_text("Failed")
    inspection = Inspection.objects.get(item_code="IT-0078")
    assert inspection.status == "failed"
    assert list(inspection.defects.values_list("description", flat=True)) == [
        "Seam open on the left arm"
    ]
    assert axe_violations(page) == []
