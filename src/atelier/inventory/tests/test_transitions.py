"""The reservation and proposal tables: every move not in the table is refused."""

import itertools

import pytest

from atelier.core.errors import ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.statemachine import TransitionNotAllowed, apply_transition
from atelier.inventory.enums import ProposalStatus, ReservationStatus
from atelier.inventory.models import Reservation
from atelier.inventory.services import labels
from atelier.inventory.tests.helpers import SYSTEM, stock
from atelier.inventory.transitions import PROPOSAL_TRANSITIONS, RESERVATION_TRANSITIONS

pytestmark = pytest.mark.django_db
R = ReservationStatus
FORBIDDEN = [
    (a, b)
    for a, b in itertools.product(R.values, R.values)
    if (a, b) not in RESERVATION_TRANSITIONS
]


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_forbidden_reservation_move_is_refused(world, from_status, to_status):
    stock(world.sofa, world.warehouse, 1)
    row = Reservation.objects.create(
        order_ref="SO-1",
        line_ref="1",
        variant=world.sofa,
        location=world.warehouse,
        quantity=1,
        channel="online",
        status=from_status,
    )

    with pytest.raises(TransitionNotAllowed):
        apply_transition(row, to_status, table=RESERVATION_TRANSITIONS, actor=SYSTEM, reason="x")

    row.refresh_from_db()
    assert row.status == from_status
    assert not StatusChange.objects.exists()


def test_closed_reservations_and_proposals_never_move_again():
    closed = {R.FULFILLED, R.RELEASED, R.EXPIRED}
    assert not [k for k in RESERVATION_TRANSITIONS if k[0] in closed]
    final = {ProposalStatus.CONVERTED, ProposalStatus.REJECTED}
    assert not [k for k in PROPOSAL_TRANSITIONS if k[0] in final]


def test_a_label_is_a_pdf_with_a_code128_barcode(world):
    pdf = labels.variant_label_pdf(variant_id=world.sofa.pk, location=world.paris)
    svg = labels.barcode_svg("SOFA-1")

    assert pdf.startswith(b"%PDF")
    assert b"<svg" in svg
    assert labels.location_label_pdf(location=world.warehouse).startswith(b"%PDF")


def test_a_barcode_needs_plain_text():
    with pytest.raises(ValidationFailed):
        labels.barcode_svg("Canapé")
