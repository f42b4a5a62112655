"""Every move of the inspection's state machine: the allowed ones and every forbidden one."""

from __future__ import annotations

import itertools

import pytest

from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed, apply_transition
from atelier.quality.enums import InspectionStatus as S
from atelier.quality.models import Inspection
from atelier.quality.tests.helpers import QC, actor, open_inspection
from atelier.quality.transitions import INSPECTION_TRANSITIONS

pytestmark = pytest.mark.django_db

ALLOWED = {(S.PENDING, S.IN_PROGRESS), (S.IN_PROGRESS, S.PASSED), (S.IN_PROGRESS, S.FAILED)}


def test_the_table_has_exactly_the_documented_moves():
    assert set(INSPECTION_TRANSITIONS) == ALLOWED
    assert all(t.permission == "accounts.inspect_quality" for t in INSPECTION_TRANSITIONS.values())


@pytest.mark.parametrize(
    ("frm", "to"),
    [p for p in itertools.product(S.values, S.values) if p not in ALLOWED],
)
def test_every_other_move_is_refused(world, frm, to):
    inspection = open_inspection(world)
    Inspection.objects.filter(pk=inspection.pk).update(status=frm)
    inspection.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        apply_transition(inspection, to, table=INSPECTION_TRANSITIONS, actor=QC)
    inspection.refresh_from_db()
    assert inspection.status == frm


@pytest.mark.parametrize(
    "role", [Role.PRODUCTION_MANAGER, Role.MANUFACTURER, Role.SALES_REPRESENTATIVE]
)
def test_only_quality_may_move_an_inspection(world, role):
    from atelier.core.errors import PermissionDenied

    inspection = open_inspection(world)
    who = actor(role)
    with pytest.raises(PermissionDenied):
        apply_transition(
            inspection,
            S.IN_PROGRESS,
            table=INSPECTION_TRANSITIONS,
            actor=who,
            context={"items": [1]},
        )


def test_passing_and_failing_have_guards(world):
    from atelier.core.errors import ValidationFailed

    inspection = open_inspection(world)
    Inspection.objects.filter(pk=inspection.pk).update(status=S.IN_PROGRESS)
    inspection.refresh_from_db()
    # no results and no defects: failing has nothing to show for it
    with pytest.raises(ValidationFailed, match="failed item or a major"):
        apply_transition(inspection, S.FAILED, table=INSPECTION_TRANSITIONS, actor=QC)
