"""Who sees which inspection (role x row), photos, and the manufacturer facade."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound, PermissionDenied
from atelier.core.roles import Role
from atelier.quality import access, facade, services
from atelier.quality.tests.helpers import (
    QC,
    actor,
    jpeg_bytes,
    open_inspection,
    record_all_passing,
    result,
    started,
)

pytestmark = pytest.mark.django_db


def _fail(inspection, description="Seam open"):
    services.inspection_add_defect(
        inspection=inspection, severity="major", description=description, actor=QC
    )
    services.inspection_add_photo(
        inspection=inspection,
        upload=SimpleUploadedFile("p.jpg", jpeg_bytes(), content_type="image/jpeg"),
        defect_id=inspection.defects.get().pk,
        actor=QC,
    )
    return services.inspection_finish(inspection=inspection, actor=QC)


@pytest.fixture
def rows(world, monkeypatch):
    monkeypatch.setattr("atelier.quality.services.inspections.publish", lambda e: None)
    pending = open_inspection(world, code="OWN-PENDING")
    failed = _fail(started(world, code="OWN-FAILED"))
    passed = started(world, code="OWN-PASSED")
    record_all_passing(passed)
    passed = services.inspection_finish(inspection=passed, actor=QC)
    other = open_inspection(world, code="OTHER-FAILED", variant=world.lamp)
    # a piece of the other workshop, failed (its checklist: give lamps one)
    checklist = services.checklist_create(category_id=world.lamps.pk, name="Lamps", actor=QC)
    services.checklist_item_add(checklist=checklist, label="Wiring", kind="pass_fail", actor=QC)
    other = services.inspection_start(inspection=other, actor=QC)
    services.inspection_record_result(
        inspection=other, result_id=result(other, "Wiring").pk, passed=False, actor=QC
    )
    other = _fail(other, "Shade dented")
    return {"pending": pending, "failed": failed, "passed": passed, "other": other}


ALL = {"pending", "failed", "passed", "other"}
EXPECTED = {
    Role.QUALITY_CONTROLLER: ALL,
    Role.PRODUCTION_MANAGER: ALL,
    Role.ACCOUNTING_MANAGER: ALL,
    Role.ADMIN: ALL,
    Role.SUPER_ADMIN: ALL,
    Role.MANUFACTURER: {"failed"},  # own workshop, failed only
    Role.SALES_REPRESENTATIVE: set(),
    Role.STORE_MANAGER: set(),
    Role.SALES_DIRECTOR: set(),
    Role.ECOMMERCE_MANAGER: set(),
    Role.CUSTOMER_SERVICE_MANAGER: set(),
    Role.DESIGNER: set(),
    Role.CUSTOMER: set(),
    Role.GUEST: set(),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_exactly_its_inspections(world, rows, role):
    who = actor(role, manufacturer_id=world.workshop.pk if role == Role.MANUFACTURER else None)
    seen = set(access.inspections_visible_to(who).values_list("item_code", flat=True))
    assert seen == {rows[k].item_code for k in EXPECTED[role]}
    photos = set(access.photos_visible_to(who).values_list("inspection__item_code", flat=True))
    assert photos == {rows[k].item_code for k in EXPECTED[role] if k in ("failed", "other")}


def test_a_manufacturer_without_a_workshop_and_anonymous_see_nothing(rows):
    assert not access.inspections_visible_to(actor(Role.MANUFACTURER)).exists()
    assert not access.inspections_visible_to(ANONYMOUS).exists()


def test_out_of_scope_looks_like_missing(world, rows):
    maker = actor(Role.MANUFACTURER, manufacturer_id=world.workshop.pk)
    with pytest.raises(NotFound) as hidden:
        access.get_inspection_for(maker, rows["pending"].number)
    with pytest.raises(NotFound) as missing:
        access.get_inspection_for(maker, "QC-2026-999999")
    assert hidden.value.message == missing.value.message
    other_photo = rows["other"].photos.get()
    with pytest.raises(NotFound):
        access.get_photo_for(maker, other_photo.pk)


def test_recording_needs_inspect_quality(rows):
    manager = actor(Role.PRODUCTION_MANAGER)
    assert access.get_inspection_for(manager, rows["pending"].number).pk == rows["pending"].pk
    with pytest.raises(PermissionDenied):
        access.get_inspection_for(manager, rows["pending"].number, action="inspect")


# --- Facade -----------------------------------------------------------------------------


def test_item_passed_only_for_a_passed_piece(rows):
    assert facade.item_passed("OWN-PASSED") is True
    assert facade.item_passed("OWN-FAILED") is False
    assert facade.item_passed("OWN-PENDING") is False
    assert facade.item_passed("NEVER-SEEN") is False
    assert facade.items_passed(["OWN-PASSED", "OWN-FAILED"]) == {
        "OWN-PASSED": True,
        "OWN-FAILED": False,
    }


def test_summary_of_the_latest_round(rows):
    summary = facade.inspection_summary("OWN-FAILED")
    assert (summary.status, summary.round) == ("failed", 1)
    assert [(d.severity, d.description) for d in summary.defects] == [("major", "Seam open")]
    assert facade.inspection_summary("NEVER-SEEN") is None


def test_a_manufacturer_gets_defects_and_photos_of_its_own_failed_pieces_only(world, rows):
    own, other = world.workshop.pk, world.other_workshop.pk

    [defect] = facade.defects_for_item("OWN-FAILED", own)
    [photo] = facade.photos_for_item("OWN-FAILED", own)

    assert defect.description == "Seam open"
    assert defect.photo_ids == (photo.id,)
    with photo.open() as f:
        assert f.read(3) == b"\xff\xd8\xff"
    assert facade.defects_for_item("OWN-FAILED", other) == []
    assert facade.photos_for_item("OWN-FAILED", other) == []
    assert facade.photos_for_item("OTHER-FAILED", own) == []
    assert facade.defects_for_item("OWN-PASSED", own) == []
    assert facade.photo_for_manufacturer(photo.id, own).id == photo.id
    with pytest.raises(NotFound):
        facade.photo_for_manufacturer(photo.id, other)
    with pytest.raises(NotFound):
        facade.photo_for_manufacturer(photo.id, None)
