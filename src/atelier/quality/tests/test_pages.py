"""The back-office quality pages over HTTP: the inspector's journey on a phone, who may
see and do what, 404 out of scope, CSRF on every post."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.quality import services
from atelier.quality.models import Checklist, Inspection
from atelier.quality.tests.helpers import counts, jpeg_bytes, open_inspection, result

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet(monkeypatch):
    cache.clear()
    monkeypatch.setattr("atelier.quality.services.inspections.publish", lambda e: None)


def sign_in(client, role, **scope):
    client.force_login(make_user(role, **scope))
    return client


def url(name, *args):
    return reverse(f"backoffice:{name}", args=args)


@pytest.fixture
def qc(client):
    return sign_in(client, Role.QUALITY_CONTROLLER)


def test_the_inspectors_journey_from_scan_to_rework(world, qc):
    inspection = open_inspection(world, code="IT-0077")

    page = qc.get(url("quality_queue"))
    assert page.status_code == 200
    assert b"IT-0077" in page.content
    target = url("quality_inspection", inspection.number)
    for scan in ("it-0077", "IT0077", "https://atelier.test/items/IT-0077/"):
        scanned = qc.get(url("quality_queue"), {"q": scan})  # a scan opens it
        assert scanned.status_code == 302
        assert scanned.url == target
    partial = qc.get(url("quality_queue"), {"q": "0077"})
    assert partial.status_code == 200
    assert b"IT-0077" in partial.content

    assert b"Start inspection" in qc.get(url("quality_inspection", inspection.number)).content
    assert qc.post(url("quality_start", inspection.number)).status_code == 302
    inspection.refresh_from_db()
    page = qc.get(url("quality_inspection", inspection.number))
    html = page.content.decode()
    assert 'capture="environment"' in html
    assert 'accept="image/*"' in html
    assert "Target 220.00 ± 0.50 cm" in html

    width, height, stitching = (
        result(inspection, x) for x in ("Width", "Height", "Stitching even")
    )
    qc.post(
        url("quality_results", inspection.number),
        {f"m-{width.pk}": "220,3", f"m-{height.pk}": "83", f"r-{stitching.pk}": "pass"},
    )
    height.refresh_from_db()
    width.refresh_from_db()
    assert (width.passed, height.passed) == (True, False)

    qc.post(
        url("quality_defect", inspection.number),
        {"severity": "minor", "description": "Dust", "result": ""},
    )
    defect = inspection.defects.get()
    qc.post(
        url("quality_photo_add", inspection.number),
        {"photo": SimpleUploadedFile("x.jpg", jpeg_bytes()), "defect": str(defect.pk)},
    )
    photo = inspection.photos.get()
    served = qc.get(url("quality_photo", photo.pk))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"

    done = qc.post(url("quality_finish", inspection.number), {"notes": "Too tall"}, follow=True)
    inspection.refresh_from_db()
    assert inspection.status == "failed"
    assert inspection.notes == "Too tall"
    assert b"sent back to its workshop" in done.content

    finished = qc.get(url("quality_queue"), {"finished": "on"})
    assert b"IT-0077" in finished.content
    read_only = qc.get(url("quality_inspection", inspection.number)).content.decode()
    assert "Finish inspection" not in read_only
    assert "out of tolerance" in read_only


def test_a_refused_finish_shows_why_and_changes_nothing(world, qc):
    inspection = services.inspection_start(inspection=open_inspection(world), actor=_qc_actor())
    before = counts()
    page = qc.post(url("quality_finish", inspection.number), follow=True)
    assert b"have no result yet" in page.content
    assert counts() == before


def test_a_text_file_posing_as_a_photo_is_refused_on_the_page(world, qc):
    inspection = services.inspection_start(inspection=open_inspection(world), actor=_qc_actor())
    before = counts()
    page = qc.post(
        url("quality_photo_add", inspection.number),
        {"photo": SimpleUploadedFile("defect.jpg", b"hello", content_type="image/jpeg")},
        follow=True,
    )
    assert b"not a photo" in page.content
    assert counts() == before


def _qc_actor():
    from atelier.quality.tests.helpers import QC

    return QC


def test_anonymous_is_sent_to_sign_in_and_a_manufacturer_is_refused(world, client):
    inspection = open_inspection(world)
    assert client.get(url("quality_queue")).status_code == 302
    sign_in(client, Role.MANUFACTURER, manufacturer=world.workshop)
    assert client.get(url("quality_inspection", inspection.number)).status_code == 403


def test_staff_without_quality_scope_get_404_and_an_empty_queue(world, client):
    inspection = open_inspection(world)
    sign_in(client, Role.DESIGNER)
    assert client.get(url("quality_inspection", inspection.number)).status_code == 404
    assert b"IT-0001" not in client.get(url("quality_queue")).content
    before = counts()
    assert client.post(url("quality_start", inspection.number)).status_code == 404
    assert counts() == before


def test_a_production_manager_may_look_but_not_inspect(world, client):
    inspection = open_inspection(world)
    sign_in(client, Role.PRODUCTION_MANAGER)
    page = client.get(url("quality_inspection", inspection.number))
    assert page.status_code == 200
    assert b"Start inspection" not in page.content
    before = counts()
    assert client.post(url("quality_start", inspection.number)).status_code == 403
    assert client.post(url("quality_checklist", _checklist().pk), {"label": "x"}).status_code == 403
    assert counts() == before


def test_posts_need_the_csrf_token(world):
    inspection = open_inspection(world)
    client = sign_in(Client(enforce_csrf_checks=True), Role.QUALITY_CONTROLLER)
    before = counts()
    assert client.post(url("quality_start", inspection.number)).status_code == 403
    assert (
        client.post(
            url("quality_checklists"), {"category": world.lamps.pk, "name": "L"}
        ).status_code
        == 403
    )
    assert counts() == before
    assert Inspection.objects.get().status == "pending"


def test_get_cannot_change_anything(world, qc):
    inspection = open_inspection(world)
    assert qc.get(url("quality_start", inspection.number)).status_code == 405


def _checklist():
    return Checklist.objects.get()


def test_checklists_are_managed_by_quality_controllers(world, qc):
    listing = qc.get(url("quality_checklists"))
    assert listing.status_code == 200
    assert b"Sofas" in listing.content

    created = qc.post(url("quality_checklists"), {"category": world.lamps.pk, "name": "Lamps"})
    lamps = Checklist.objects.get(category_id=world.lamps.pk)
    assert created.status_code == 302
    assert created.url == url("quality_checklist", lamps.pk)

    qc.post(
        url("quality_checklist", lamps.pk),
        {
            "label": "Shade diameter",
            "kind": "measure",
            "target": "45",
            "tolerance": "0.5",
            "unit": "cm",
            "dimension_key": "",
        },
    )
    item = lamps.items.get()
    assert (item.label, item.target, item.tolerance) == ("Shade diameter", 45, 0.5)

    refused = qc.post(
        url("quality_checklist", lamps.pk),
        {"label": "Broken", "kind": "measure", "target": "", "tolerance": "1", "unit": ""},
        follow=True,
    )
    assert b"one of them" in refused.content
    assert lamps.items.count() == 1

    qc.post(
        url("quality_checklist_item", lamps.pk, item.pk),
        {
            "label": "Wiring safe",
            "kind": "pass_fail",
            "target": "",
            "tolerance": "",
            "unit": "",
            "dimension_key": "",
        },
    )
    item.refresh_from_db()
    assert (item.label, item.kind, item.target) == ("Wiring safe", "pass_fail", None)

    qc.post(url("quality_checklist_item_remove", lamps.pk, item.pk))
    assert not lamps.items.exists()


def test_list_pages_run_a_fixed_number_of_queries(world, qc, django_assert_max_num_queries):
    for n in range(35):
        open_inspection(world, code=f"IT-{n:04d}")
    with django_assert_max_num_queries(15):
        page = qc.get(url("quality_queue"))
    assert page.status_code == 200
    assert page.content.count(b"quality/inspections/") == 30


def test_a_piece_without_a_checklist_cannot_be_started_and_says_why(world, qc):
    inspection = open_inspection(world, code="LAMP-9", variant=world.lamp)
    page = qc.get(url("quality_inspection", inspection.number)).content.decode()
    assert "Start inspection" not in page
    assert "no checklist" in page
    refused = qc.post(url("quality_start", inspection.number), follow=True)
    assert b"no checklist" in refused.content
    inspection.refresh_from_db()
    assert inspection.status == "pending"
