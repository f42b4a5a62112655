import itertools

import pytest

from atelier.catalog.tests.factories import CategoryFactory, ProductFactory, VariantFactory
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed
from atelier.inventory import facade, services
from atelier.inventory.enums import CountStatus, MoveReason
from atelier.inventory.errors import InsufficientStock
from atelier.inventory.models import CountSheet, StockMove
from atelier.inventory.tests.helpers import SYSTEM, actor, counts, level, stock
from atelier.inventory.transitions import COUNT_TRANSITIONS

pytestmark = pytest.mark.django_db
C = CountStatus
FORBIDDEN = [
    (a, b) for a, b in itertools.product(C.values, C.values) if (a, b) not in COUNT_TRANSITIONS
]


@pytest.fixture
def manager(world):
    return actor(Role.STORE_MANAGER, boutiques=[world.paris])


def sheet_with_counts(world, manager, sofa=3, chair=1):
    stock(world.sofa, world.paris, 4)
    stock(world.chair, world.paris, 1)
    sheet = services.count_sheet_create(location=world.paris, actor=manager)
    services.count_line_record(sheet=sheet, variant_id=world.sofa.pk, counted=sofa, actor=manager)
    services.count_line_record(sheet=sheet, variant_id=world.chair.pk, counted=chair, actor=manager)
    return sheet


def test_a_sheet_lists_what_the_location_holds(world, manager):
    stock(world.sofa, world.paris, 4)
    stock(world.chair, world.milan, 1)

    sheet = services.count_sheet_create(location=world.paris, actor=manager)

    assert sheet.number.startswith("CC-")
    assert [line.variant_id for line in sheet.lines.all()] == [world.sofa.pk]


def test_a_sheet_can_be_limited_to_a_category_and_its_children(world, manager):
    lounge = CategoryFactory()
    sofas = CategoryFactory(parent=lounge)
    in_child = VariantFactory(product=ProductFactory(category=sofas))
    stock(in_child, world.paris, 1)
    stock(world.sofa, world.paris, 1)  # another category

    sheet = services.count_sheet_create(location=world.paris, category_id=lounge.pk, actor=manager)

    assert [line.variant_id for line in sheet.lines.all()] == [in_child.pk]


def test_approval_posts_the_variances_as_moves_with_reasons(world, manager):
    sheet = sheet_with_counts(world, manager, sofa=3, chair=2)
    services.count_sheet_submit(sheet=sheet, actor=manager)

    services.count_sheet_approve(sheet=sheet, actor=manager)

    assert level(world.sofa, world.paris) == (3, 0)
    assert level(world.chair, world.paris) == (2, 0)
    moves = StockMove.objects.filter(reference=sheet.number).order_by("variant_id")
    assert [(m.variant_id, m.reason, m.quantity) for m in moves] == [
        (world.sofa.pk, MoveReason.COUNT_ADJUSTMENT, 1),
        (world.chair.pk, MoveReason.COUNT_ADJUSTMENT, 1),
    ]
    sheet.refresh_from_db()
    assert sheet.status == C.APPROVED
    assert sheet.approved_at


def test_units_moved_between_count_and_approval_are_kept(world, manager):
    sheet = sheet_with_counts(world, manager, sofa=3)  # expected 4: one missing
    services.count_sheet_submit(sheet=sheet, actor=manager)
    stock(world.sofa, world.paris, 2)  # a delivery after the count

    services.count_sheet_approve(sheet=sheet, actor=manager)

    assert level(world.sofa, world.paris) == (5, 0)


def test_a_found_variant_is_added_to_the_sheet(world, manager):
    sheet = sheet_with_counts(world, manager)

    line = services.count_line_record(
        sheet=sheet, variant_id=world.bespoke.pk, counted=1, reason=MoveReason.FOUND, actor=manager
    )

    assert (line.expected, line.counted, line.variance) == (0, 1, 1)


def test_damage_found_at_count_goes_to_scrap(world, manager):
    stock(world.sofa, world.paris, 2)
    sheet = services.count_sheet_create(location=world.paris, actor=manager)
    services.count_line_record(
        sheet=sheet, variant_id=world.sofa.pk, counted=1, reason=MoveReason.DAMAGED, actor=manager
    )
    services.count_sheet_submit(sheet=sheet, actor=manager)
    services.count_sheet_approve(sheet=sheet, actor=manager)

    assert StockMove.objects.get(reference=sheet.number).to_location.code == "scrap"


def test_approval_needs_every_line_counted(world, manager):
    stock(world.sofa, world.paris, 2)
    stock(world.chair, world.paris, 2)
    sheet = services.count_sheet_create(location=world.paris, actor=manager)
    services.count_line_record(sheet=sheet, variant_id=world.sofa.pk, counted=2, actor=manager)
    services.count_sheet_submit(sheet=sheet, actor=manager)

    with pytest.raises(ValidationFailed, match="1 line"):
        services.count_sheet_approve(sheet=sheet, actor=manager)
    sheet.refresh_from_db()
    assert sheet.status == C.SUBMITTED


def test_a_loss_of_reserved_units_is_refused_until_released(world, manager):
    stock(world.sofa, world.paris, 1)
    facade.reserve(
        order_ref="SO-1", lines=[("1", world.sofa.pk, 1)], channel="boutiques", actor=SYSTEM
    )
    sheet = services.count_sheet_create(location=world.paris, actor=manager)
    services.count_line_record(sheet=sheet, variant_id=world.sofa.pk, counted=0, actor=manager)
    services.count_sheet_submit(sheet=sheet, actor=manager)
    before = counts()

    with pytest.raises(InsufficientStock, match="reserved"):
        services.count_sheet_approve(sheet=sheet, actor=manager)

    sheet.refresh_from_db()
    assert sheet.status == C.SUBMITTED
    assert counts() == before


def test_counts_cannot_change_once_submitted(world, manager):
    sheet = sheet_with_counts(world, manager)
    services.count_sheet_submit(sheet=sheet, actor=manager)

    with pytest.raises(Conflict):
        services.count_line_record(sheet=sheet, variant_id=world.sofa.pk, counted=9, actor=manager)


def test_recount_needs_a_reason_and_reopens(world, manager):
    sheet = sheet_with_counts(world, manager)
    services.count_sheet_submit(sheet=sheet, actor=manager)

    with pytest.raises(ValidationFailed, match="reason"):
        services.count_sheet_reopen(sheet=sheet, reason="", actor=manager)
    services.count_sheet_reopen(sheet=sheet, reason="Sofa count looks off", actor=manager)

    sheet.refresh_from_db()
    assert sheet.status == C.OPEN


@pytest.mark.parametrize(
    ("counted", "message"),
    [(-1, "between 0 and"), (10**9, "between 0 and"), (1.5, "whole number"), (None, "whole")],
)
def test_bad_counted_quantities_are_refused(world, manager, counted, message):
    stock(world.sofa, world.paris, 1)
    sheet = services.count_sheet_create(location=world.paris, actor=manager)
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        services.count_line_record(
            sheet=sheet, variant_id=world.sofa.pk, counted=counted, actor=manager
        )
    assert counts() == before


def test_unknown_variants_and_reasons_are_refused(world, manager):
    sheet = sheet_with_counts(world, manager)
    with pytest.raises(ValidationFailed, match="Unknown variant"):
        services.count_line_record(sheet=sheet, variant_id=4242, counted=1, actor=manager)
    with pytest.raises(ValidationFailed, match="reason"):
        services.count_line_record(
            sheet=sheet, variant_id=world.sofa.pk, counted=1, reason="sale", actor=manager
        )


def test_another_boutiques_manager_may_not_count_here(world, manager):
    milan = actor(Role.STORE_MANAGER, boutiques=[world.milan])
    with pytest.raises(PermissionDenied):
        services.count_sheet_create(location=world.paris, actor=milan)
    sheet = sheet_with_counts(world, manager)
    with pytest.raises(PermissionDenied):
        services.count_sheet_submit(sheet=sheet, actor=milan)


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_forbidden_count_move_is_refused(world, manager, from_status, to_status):
    sheet = sheet_with_counts(world, manager)
    CountSheet.objects.filter(pk=sheet.pk).update(status=from_status)
    sheet.refresh_from_db()
    before = counts()
    calls = {
        C.OPEN: lambda: services.count_sheet_reopen(sheet=sheet, reason="x", actor=manager),
        C.SUBMITTED: lambda: services.count_sheet_submit(sheet=sheet, actor=manager),
        C.APPROVED: lambda: services.count_sheet_approve(sheet=sheet, actor=manager),
        C.CANCELLED: lambda: services.count_sheet_cancel(sheet=sheet, reason="x", actor=manager),
    }

    with pytest.raises(TransitionNotAllowed):
        calls[to_status]()

    sheet.refresh_from_db()
    assert sheet.status == from_status
    assert counts() == before
    assert not StatusChange.objects.exists()
