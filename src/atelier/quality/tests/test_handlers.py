"""production.PieceReadyForInspection opens one pending inspection per piece and round,
however often it is delivered."""

from __future__ import annotations

import pytest

from atelier.core.errors import Conflict
from atelier.core.models import HandledEvent
from atelier.quality.enums import InspectionStatus
from atelier.quality.handlers import on_piece_ready_for_inspection
from atelier.quality.models import Inspection
from atelier.quality.tests.helpers import piece_event

pytestmark = pytest.mark.django_db


def test_the_event_opens_a_pending_inspection_with_its_fields(world):
    event = piece_event(world, code="IT-0042")

    on_piece_ready_for_inspection(event)

    inspection = Inspection.objects.get()
    assert (inspection.item_code, inspection.round, inspection.status) == (
        "IT-0042",
        1,
        InspectionStatus.PENDING,
    )
    assert inspection.purchase_order_number == "PO-2026-000001"
    assert inspection.manufacturer_id == world.workshop.pk
    assert (inspection.product_id, inspection.variant_id) == (world.sofa.product_id, world.sofa.pk)


def test_redelivery_and_a_copy_of_the_event_open_nothing_more(world):
    event = piece_event(world)
    on_piece_ready_for_inspection(event)
    on_piece_ready_for_inspection(event)
    on_piece_ready_for_inspection(piece_event(world))  # same piece and round, new occurrence

    assert Inspection.objects.count() == 1


def test_a_refused_event_leaves_no_marker_so_it_can_be_retried(world):
    on_piece_ready_for_inspection(piece_event(world, round=1))
    with pytest.raises(Conflict):  # round 1 still open
        on_piece_ready_for_inspection(piece_event(world, round=2))
    assert Inspection.objects.count() == 1
    assert HandledEvent.objects.filter(handler="quality.open_inspection").count() == 1
