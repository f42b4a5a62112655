"""Inspection rules through the services: opening, starting, results against
tolerances, defects, finishing — and every refusal writes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.quality import services
from atelier.quality.enums import InspectionStatus
from atelier.quality.events import InspectionFailed, InspectionPassed
from atelier.quality.models import Inspection
from atelier.quality.tests.helpers import (
    QC,
    SYSTEM,
    actor,
    counts,
    open_inspection,
    record_all_passing,
    result,
    started,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def published(monkeypatch):
    events = []
    monkeypatch.setattr("atelier.quality.services.inspections.publish", events.append)
    return events


# --- Opening ----------------------------------------------------------------------------


def test_open_numbers_the_inspection_and_is_idempotent_per_code_and_round(world):
    first = open_inspection(world)
    again = open_inspection(world)

    assert first.pk == again.pk
    assert first.number.startswith("QC-")
    assert len(first.number) == len("QC-2026-000001")
    assert first.status == InspectionStatus.PENDING
    assert (first.item_code, first.round, first.manufacturer_id) == (
        "IT-0001",
        1,
        world.workshop.pk,
    )
    assert Inspection.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("item_code", ""),
        ("item_code", "   "),
        ("item_code", "X" * 41),
        ("round", 0),
        ("round", "1"),
        ("manufacturer_id", None),
        ("product_id", -3),
        ("variant_id", 0),
    ],
)
def test_open_refuses_bad_input_and_writes_nothing(world, field, value):
    kwargs = {
        "item_code": "IT-1",
        "purchase_order_number": "PO-2026-000001",
        "manufacturer_id": world.workshop.pk,
        "product_id": world.sofa.product_id,
        "variant_id": world.sofa.pk,
        "round": 1,
        field: value,
    }
    before = counts()
    with pytest.raises(ValidationFailed):
        services.inspection_open_for_piece(**kwargs, actor=SYSTEM)
    assert counts() == before


def test_open_needs_the_quality_capability(world):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.inspection_open_for_piece(
            item_code="IT-1",
            purchase_order_number="",
            manufacturer_id=world.workshop.pk,
            product_id=world.sofa.product_id,
            variant_id=world.sofa.pk,
            actor=actor(Role.SALES_REPRESENTATIVE),
        )
    assert counts() == before


def test_a_new_round_is_refused_while_the_previous_one_is_open(world):
    open_inspection(world, round=1)
    before = counts()
    with pytest.raises(Conflict):
        open_inspection(world, round=2)
    assert counts() == before


def test_a_new_round_opens_after_a_failure(world, published):
    inspection = started(world)
    services.inspection_record_result(
        inspection=inspection,
        result_id=result(inspection, "Stitching even").pk,
        passed=False,
        actor=QC,
    )
    services.inspection_finish(inspection=inspection, actor=QC)

    second = open_inspection(world, round=2)

    assert second.round == 2
    assert second.status == InspectionStatus.PENDING


# --- Starting ---------------------------------------------------------------------------


def test_start_copies_the_nearest_checklist_with_the_pieces_width(world):
    inspection = started(world)

    rows = list(inspection.results.order_by("position"))
    assert [r.label for r in rows] == ["Width", "Height", "Stitching even"]
    assert (rows[0].target, rows[0].tolerance, rows[0].unit) == (D("220.0"), D("0.5"), "cm")
    assert (rows[1].target, rows[1].tolerance) == (D("80"), D("1"))
    assert rows[2].target is None
    assert all(r.passed is None for r in rows)
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.checklist == world.checklist
    assert inspection.started_at is not None
    assert inspection.inspector_label == QC.label


def test_start_takes_a_custom_width_from_the_order_line(world, monkeypatch):
    from atelier.quality import targets

    monkeypatch.setattr(
        targets,
        "_configured_dimensions",
        lambda order_ref, line_ref: {"width": D("261.0")} if order_ref else {},
    )
    inspection = open_inspection(world)
    Inspection.objects.filter(pk=inspection.pk).update(order_ref="SO-2026-000001", line_ref="L1")
    inspection.refresh_from_db()

    inspection = services.inspection_start(inspection=inspection, actor=QC)

    assert result(inspection, "Width").target == D("261.0")


def test_start_is_refused_without_a_checklist_for_the_category(world):
    inspection = open_inspection(world, code="LAMP-1", variant=world.lamp)
    before = counts()
    with pytest.raises(ValidationFailed, match="no checklist"):
        services.inspection_start(inspection=inspection, actor=QC)
    assert counts() == before
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.PENDING


def test_start_is_refused_for_a_production_manager(world):
    inspection = open_inspection(world)
    before = counts()
    with pytest.raises(PermissionDenied):
        services.inspection_start(inspection=inspection, actor=actor(Role.PRODUCTION_MANAGER))
    assert counts() == before


def test_an_inactive_checklist_is_skipped(world):
    services.checklist_update(checklist=world.checklist, name="Sofas", is_active=False, actor=QC)
    inspection = open_inspection(world)
    with pytest.raises(ValidationFailed):
        services.inspection_start(inspection=inspection, actor=QC)


# --- Results and tolerances --------------------------------------------------------------


@pytest.mark.parametrize(
    ("measured", "passes"),
    [
        ("220.0", True),
        ("220.5", True),  # exactly + tolerance
        ("219.5", True),  # exactly - tolerance
        ("220.51", False),
        ("219.49", False),
        ("230", False),
    ],
)
def test_a_measure_passes_within_tolerance_inclusive(world, measured, passes):
    inspection = started(world)
    row = services.inspection_record_result(
        inspection=inspection,
        result_id=result(inspection, "Width").pk,
        measured=measured,
        actor=QC,
    )
    row.refresh_from_db()
    assert row.passed is passes
    assert row.measured == D(measured)
    assert row.recorded_at is not None


def test_a_result_can_be_corrected_while_in_progress(world):
    inspection = started(world)
    width = result(inspection, "Width")
    services.inspection_record_result(
        inspection=inspection, result_id=width.pk, measured="225", actor=QC
    )
    services.inspection_record_result(
        inspection=inspection, result_id=width.pk, measured="220.2", actor=QC
    )
    width.refresh_from_db()
    assert (width.measured, width.passed) == (D("220.2"), True)


@pytest.mark.parametrize(
    ("label", "kwargs"),
    [
        ("Width", {"measured": "abc"}),
        ("Width", {"measured": ""}),
        ("Width", {"measured": None}),
        ("Width", {"measured": "220.123"}),
        ("Width", {"measured": "NaN"}),
        ("Width", {"measured": "1e12"}),
        ("Width", {"measured": "220", "passed": True}),
        ("Stitching even", {"passed": None}),
        ("Stitching even", {"passed": "yes"}),
        ("Stitching even", {"passed": True, "measured": "3"}),
    ],
)
def test_bad_results_are_refused_and_nothing_is_written(world, label, kwargs):
    inspection = started(world)
    before = counts()
    with pytest.raises(ValidationFailed):
        services.inspection_record_result(
            inspection=inspection, result_id=result(inspection, label).pk, actor=QC, **kwargs
        )
    assert counts() == before
    assert not inspection.results.filter(passed__isnull=False).exists()


def test_a_batch_of_results_is_all_or_nothing(world):
    inspection = started(world)
    with pytest.raises(ValidationFailed):
        services.inspection_record_results(
            inspection=inspection,
            entries=[
                services.ResultEntry(result(inspection, "Height").pk, measured="80"),
                services.ResultEntry(result(inspection, "Width").pk, measured="wide"),
            ],
            actor=QC,
        )
    assert not inspection.results.filter(passed__isnull=False).exists()


def test_results_of_another_inspection_are_refused(world):
    one = started(world, code="IT-A")
    other = started(world, code="IT-B")
    with pytest.raises(ValidationFailed):
        services.inspection_record_result(
            inspection=one, result_id=result(other, "Stitching even").pk, passed=True, actor=QC
        )
    assert not other.results.filter(passed__isnull=False).exists()


def test_nothing_is_recorded_before_start_or_after_finish(world, published):
    inspection = open_inspection(world)
    with pytest.raises(Conflict):
        services.inspection_add_defect(
            inspection=inspection, severity="minor", description="Scuff", actor=QC
        )
    inspection = services.inspection_start(inspection=inspection, actor=QC)
    record_all_passing(inspection)
    services.inspection_finish(inspection=inspection, actor=QC)
    before = counts()
    with pytest.raises(Conflict):
        services.inspection_record_result(
            inspection=inspection,
            result_id=result(inspection, "Height").pk,
            measured="90",
            actor=QC,
        )
    assert counts() == before


# --- Defects ----------------------------------------------------------------------------


def test_a_defect_is_recorded_with_its_severity_and_item(world):
    inspection = started(world)
    stitching = result(inspection, "Stitching even")
    defect = services.inspection_add_defect(
        inspection=inspection,
        severity="major",
        description="Seam open on left arm",
        result_id=stitching.pk,
        actor=QC,
    )
    assert (defect.severity, defect.result, defect.created_by_label) == (
        "major",
        stitching,
        QC.label,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"severity": "fatal", "description": "x"},
        {"severity": "", "description": "x"},
        {"severity": "minor", "description": "   "},
        {"severity": "minor", "description": "x" * 501},
        {"severity": "minor", "description": "x", "result_id": 999999},
        {"severity": "minor", "description": "x", "result_id": "1"},
    ],
)
def test_bad_defects_are_refused(world, kwargs):
    inspection = started(world)
    before = counts()
    with pytest.raises(ValidationFailed):
        services.inspection_add_defect(inspection=inspection, actor=QC, **kwargs)
    assert counts() == before


def test_a_defect_can_be_removed_while_in_progress(world):
    inspection = started(world)
    defect = services.inspection_add_defect(
        inspection=inspection, severity="minor", description="Dust", actor=QC
    )
    services.inspection_remove_defect(inspection=inspection, defect_id=defect.pk, actor=QC)
    assert not inspection.defects.exists()


# --- Finishing --------------------------------------------------------------------------


def test_all_passing_and_no_blocking_defect_passes_and_announces_it(world, published):
    inspection = started(world)
    record_all_passing(inspection)
    services.inspection_add_defect(
        inspection=inspection, severity="minor", description="Dust on base", actor=QC
    )

    done = services.inspection_finish(inspection=inspection, notes="Good piece", actor=QC)

    assert done.status == InspectionStatus.PASSED
    assert done.finished_at is not None
    assert done.notes == "Good piece"
    assert published == [
        InspectionPassed(
            inspection_number=done.number,
            item_code="IT-0001",
            order_ref="",
            line_ref="",
            round=1,
            occurred_at=published[0].occurred_at,
        )
    ]


def test_a_failed_item_fails_the_piece_and_sends_it_to_rework(world, published):
    inspection = started(world)
    record_all_passing(inspection)
    services.inspection_record_result(
        inspection=inspection,
        result_id=result(inspection, "Width").pk,
        measured="221.2",
        actor=QC,
    )

    done = services.inspection_finish(inspection=inspection, actor=QC)

    assert done.status == InspectionStatus.FAILED
    [event] = published
    assert isinstance(event, InspectionFailed)
    assert (event.inspection_number, event.item_code, event.round) == (done.number, "IT-0001", 1)
    assert "Width: 221.20 cm (target 220.00 ± 0.50)" in event.defects


@pytest.mark.parametrize("severity", ["major", "critical"])
def test_a_major_or_critical_defect_fails_even_with_every_item_passing(world, published, severity):
    inspection = started(world)
    record_all_passing(inspection)
    services.inspection_add_defect(
        inspection=inspection, severity=severity, description="Cracked leg", actor=QC
    )

    done = services.inspection_finish(inspection=inspection, actor=QC)

    assert done.status == InspectionStatus.FAILED
    assert "Cracked leg" in published[0].defects


def test_a_failure_is_enough_even_with_items_missing(world, published):
    inspection = started(world)
    services.inspection_add_defect(
        inspection=inspection, severity="critical", description="Frame broken", actor=QC
    )
    assert services.inspection_finish(inspection=inspection, actor=QC).status == "failed"


@pytest.mark.parametrize("recorded", [0, 2])
def test_cannot_pass_with_missing_results_nor_fail_with_nothing_wrong(world, published, recorded):
    inspection = started(world)
    entries = [
        services.ResultEntry(result(inspection, "Height").pk, measured="80"),
        services.ResultEntry(result(inspection, "Stitching even").pk, passed=True),
    ][:recorded]
    if entries:
        services.inspection_record_results(inspection=inspection, entries=entries, actor=QC)
    services.inspection_add_defect(
        inspection=inspection, severity="minor", description="Dust", actor=QC
    )
    before = counts()

    with pytest.raises(ValidationFailed, match="no result yet"):
        services.inspection_finish(inspection=inspection, actor=QC)

    assert counts() == before
    assert published == []
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert inspection.finished_at is None


def test_finish_refuses_overlong_notes_and_a_pending_inspection(world, published):
    inspection = open_inspection(world)
    with pytest.raises(Conflict):
        services.inspection_finish(inspection=inspection, actor=QC)
    inspection = services.inspection_start(inspection=inspection, actor=QC)
    record_all_passing(inspection)
    with pytest.raises(ValidationFailed):
        services.inspection_finish(inspection=inspection, notes="x" * 5001, actor=QC)
    assert published == []


def test_finish_needs_the_quality_capability(world, published):
    inspection = started(world)
    record_all_passing(inspection)
    with pytest.raises(PermissionDenied):
        services.inspection_finish(inspection=inspection, actor=actor(Role.PRODUCTION_MANAGER))
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert published == []


# --- Checklists -------------------------------------------------------------------------


def test_checklist_per_category_once(world):
    before = counts()
    with pytest.raises(Conflict):
        services.checklist_create(category_id=world.sofas.pk, name="Again", actor=QC)
    with pytest.raises(ValidationFailed):
        services.checklist_create(category_id=999999, name="Nowhere", actor=QC)
    with pytest.raises(ValidationFailed):
        services.checklist_create(category_id=world.lamps.pk, name=" ", actor=QC)
    with pytest.raises(PermissionDenied):
        services.checklist_create(
            category_id=world.lamps.pk, name="Lamps", actor=actor(Role.PRODUCTION_MANAGER)
        )
    assert counts() == before


@pytest.mark.parametrize(
    "kwargs",
    [
        {"label": "", "kind": "pass_fail"},
        {"label": "Legs level", "kind": "visual"},
        {"label": "Legs level", "kind": "pass_fail", "tolerance": "1"},
        {"label": "Depth", "kind": "measure", "target": "100"},  # no tolerance
        {"label": "Depth", "kind": "measure", "target": "100", "tolerance": "-1"},
        {"label": "Depth", "kind": "measure", "tolerance": "1"},  # no target at all
        {
            "label": "Depth",
            "kind": "measure",
            "target": "100",
            "tolerance": "1",
            "dimension_key": "depth",
        },  # both
        {"label": "Depth", "kind": "measure", "tolerance": "1", "dimension_key": "diagonal"},
        {"label": "Depth", "kind": "measure", "target": "ten", "tolerance": "1"},
    ],
)
def test_bad_checklist_items_are_refused(world, kwargs):
    before = counts()
    with pytest.raises(ValidationFailed):
        services.checklist_item_add(checklist=world.checklist, actor=QC, **kwargs)
    assert counts() == before


def test_editing_a_checklist_does_not_change_a_started_inspection(world):
    inspection = started(world)
    services.checklist_item_update(
        item=world.height,
        label="Height",
        kind="measure",
        target="85",
        tolerance="1",
        unit="cm",
        actor=QC,
    )
    services.checklist_item_remove(item=world.stitching, actor=QC)

    assert result(inspection, "Height").target == D("80")
    assert inspection.results.count() == 3
