import io

import pytest
from PIL import Image

from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.core.statemachine import TransitionNotAllowed
from atelier.production import codes, services
from atelier.production.enums import ItemEventKind, ItemStatus
from atelier.production.events import PieceReadyForInspection
from atelier.production.models import CompletionPhoto, ProductionItem
from atelier.production.tests.helpers import SYSTEM, actor, at, counts, released
from atelier.purchasing import facade as purchasing


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def test_the_lifecycle_creates_one_code_per_unit_and_sends_each_piece_to_quality(world, published):
    number = released(world, world.need("L1", quantity=2), world.need("L2", variant=world.stocked))

    services.po_accept(number=number, actor=world.workshop_a)
    started = services.po_start(number=number, actor=world.workshop_a)
    items = list(ProductionItem.objects.filter(purchase_order_number=number))
    done = services.po_complete(number=number, actor=world.workshop_a, photos=[png()])

    assert started.status == "in_production"
    assert done.status == "completed"
    assert sorted((i.line_ref, i.unit_index) for i in items) == [("L1", 1), ("L1", 2), ("L2", 1)]
    assert len({i.code for i in items}) == 3
    assert all(codes.normalise(i.code) == i.code for i in items)
    assert {i.status for i in ProductionItem.objects.all()} == {ItemStatus.COMPLETED}
    ready = [e for e in published if isinstance(e, PieceReadyForInspection)]
    assert sorted(e.item_code for e in ready) == sorted(i.code for i in items)
    assert {(e.round, e.purchase_order_number, e.order_ref) for e in ready} == {
        (1, number, "SO-2026-000001")
    }
    assert CompletionPhoto.objects.get().content_type == "image/png"
    item = ProductionItem.objects.get(code=items[0].code)
    assert [e.kind for e in item.events.all()] == [ItemEventKind.STARTED, ItemEventKind.COMPLETED]
    assert item.events.first().actor_label == world.workshop_a.label


def test_staff_may_answer_for_the_workshop(world):
    number = released(world)
    manager = actor(Role.PRODUCTION_MANAGER)

    services.po_accept(number=number, actor=manager)
    services.po_start(number=number, actor=manager)

    assert ProductionItem.objects.filter(purchase_order_number=number).count() == 1


@pytest.mark.parametrize(
    ("status", "call", "allowed"),
    [
        ("awaiting", "start", ["accepted", "declined"]),
        ("awaiting", "complete", ["accepted", "declined"]),
        ("accepted", "accept", ["in_production"]),
        ("accepted", "complete", ["in_production"]),
        ("accepted", "decline", ["in_production"]),
        ("in_production", "accept", ["completed"]),
        ("in_production", "start", ["completed"]),
        ("completed", "complete", []),
        ("completed", "start", []),
    ],
)
def test_each_forbidden_move_is_refused_with_the_allowed_ones_and_writes_nothing(
    world, status, call, allowed
):
    number = released(world)
    if status != "awaiting":
        at(world, number, status)
    before = counts()
    calls = {
        "accept": lambda: services.po_accept(number=number, actor=world.workshop_a),
        "decline": lambda: services.po_decline(number=number, reason="No", actor=world.workshop_a),
        "start": lambda: services.po_start(number=number, actor=world.workshop_a),
        "complete": lambda: services.po_complete(number=number, actor=world.workshop_a),
    }

    with pytest.raises(TransitionNotAllowed) as refused:
        calls[call]()

    assert refused.value.status == 409
    assert sorted(refused.value.details["allowed"]) == sorted(allowed)
    assert counts() == before


def test_a_decline_needs_a_reason(world):
    number = released(world)
    before = counts()

    with pytest.raises(ValidationFailed):
        services.po_decline(number=number, reason="   ", actor=world.workshop_a)

    assert counts() == before
    assert purchasing.purchase_order_info(number).status == "awaiting_manufacturer"


def test_another_workshop_cannot_answer_and_cannot_tell_the_order_exists(world):
    number = released(world)
    before = counts()

    with pytest.raises(NotFound) as other:
        services.po_accept(number=number, actor=world.workshop_b)
    with pytest.raises(NotFound) as missing:
        services.po_accept(number="PO-2099-999999", actor=world.workshop_b)

    assert other.value.message == missing.value.message
    assert counts() == before


def test_staff_without_production_rights_may_look_but_not_answer(world):
    number = released(world)
    with pytest.raises(PermissionDenied):
        services.po_accept(number=number, actor=actor(Role.QUALITY_CONTROLLER))
    assert purchasing.purchase_order_info(number).status == "awaiting_manufacturer"


def test_a_photo_that_is_not_an_image_refuses_completion_and_writes_nothing(world):
    number = at(world, released(world), "in_production")
    before = counts()

    with pytest.raises(ValidationFailed):
        services.po_complete(
            number=number, actor=world.workshop_a, photos=[b"%PDF-1.7 not an image"]
        )

    assert counts() == before
    assert purchasing.purchase_order_info(number).status == "in_production"


def test_decline_then_reassign_to_another_workshop(world):
    number = released(world)
    services.po_decline(number=number, reason="Fabric unavailable", actor=world.workshop_a)

    with pytest.raises(PermissionDenied):
        services.po_reassign(
            number=number, manufacturer_id=world.b.pk, reason="B can", actor=world.workshop_a
        )
    with pytest.raises(ValidationFailed):
        services.po_reassign(
            number=number, manufacturer_id=world.b.pk, reason="", actor=world.manager
        )
    info = services.po_reassign(
        number=number, manufacturer_id=world.b.pk, reason="B can", actor=world.manager
    )

    assert (info.status, info.manufacturer_id) == ("draft", world.b.pk)


def test_rework_goes_back_to_quality_in_the_next_round(world, published):
    world.a.email = "workshop@atelier-a.test"
    world.a.save()
    number = at(world, released(world), "completed")
    item = ProductionItem.objects.get(purchase_order_number=number)
    published.clear()

    services.item_inspection_failed(code=item.code, round_=1, defects="Scratched leg", actor=SYSTEM)
    services.item_inspection_failed(code=item.code, round_=1, defects="Scratched leg", actor=SYSTEM)
    services.item_rework_complete(code=item.code.lower(), actor=world.workshop_a)
    services.item_inspection_passed(code=item.code, round_=1, actor=SYSTEM)  # stale round
    item.refresh_from_db()
    assert (item.status, item.round) == (ItemStatus.COMPLETED, 2)
    services.item_inspection_passed(code=item.code, round_=2, actor=SYSTEM)

    item.refresh_from_db()
    assert (item.status, item.round) == (ItemStatus.PASSED, 2)
    assert [(e.item_code, e.round) for e in published] == [(item.code, 2)]
    (mail,) = OutboxMessage.objects.filter(idempotency_key__startswith="production.rework:")
    assert mail.payload["to"] == ["workshop@atelier-a.test"]
    assert "Scratched leg" in mail.payload["text"]
    assert [e.kind for e in item.events.all()] == [
        ItemEventKind.STARTED,
        ItemEventKind.COMPLETED,
        ItemEventKind.FAILED,
        ItemEventKind.REWORKED,
        ItemEventKind.PASSED,
    ]


def test_rework_can_only_be_completed_for_a_piece_in_rework_by_its_workshop(world):
    number = at(world, released(world), "completed")
    item = ProductionItem.objects.get(purchase_order_number=number)

    with pytest.raises(TransitionNotAllowed):
        services.item_rework_complete(code=item.code, actor=world.workshop_a)
    services.item_inspection_failed(code=item.code, round_=1, defects="Dent", actor=SYSTEM)
    with pytest.raises(NotFound):
        services.item_rework_complete(code=item.code, actor=world.workshop_b)
    with pytest.raises(NotFound):
        services.item_rework_complete(code="AT-0000-0000", actor=world.workshop_a)


def test_item_codes_stay_unique_when_the_generator_repeats_itself(world, monkeypatch):
    number = at(world, released(world), "accepted")
    taken = ProductionItem.objects.create(
        code=codes.new_code(),
        purchase_order_number="PO-OLD",
        po_line_id=1,
        unit_index=1,
        manufacturer_id=world.a.pk,
        product_id=1,
        variant_id=1,
        product_name="Old",
    )
    fresh = codes.new_code()
    drawn = iter([taken.code, taken.code, fresh])
    monkeypatch.setattr(codes, "new_code", lambda: next(drawn))

    services.po_start(number=number, actor=world.workshop_a)

    assert ProductionItem.objects.get(purchase_order_number=number).code == fresh


def test_starting_again_through_the_event_adds_no_second_code(world):
    number = at(world, released(world, world.need(quantity=3)), "in_production")
    info = purchasing.purchase_order_info(number)

    assert services.items_ensure(info=info, actor=SYSTEM) == []
    assert ProductionItem.objects.filter(purchase_order_number=number).count() == 3
