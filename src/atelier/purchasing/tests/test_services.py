"""Purchasing services: raising, the release checklist, files, messages, the workshop's
answers, reassignment, cancellation and revisions. Refusals write nothing."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.core.statemachine import TransitionNotAllowed
from atelier.inventory.models import IncomingSupply
from atelier.purchasing import events, facade, services
from atelier.purchasing.enums import FileSource, POStatus, RevisionStatus
from atelier.purchasing.models import (
    PurchaseOrder,
    PurchaseOrderFile,
    PurchaseOrderLine,
    PurchaseOrderMessage,
)
from atelier.purchasing.services import ManualLine, _common, revisions
from atelier.purchasing.tests.helpers import (
    SYSTEM,
    counts,
    in_days,
    pdf,
    raise_for,
    released,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    seen = []
    monkeypatch.setattr(_common, "publish", seen.append)
    monkeypatch.setattr(revisions, "publish", seen.append)
    return seen


# --- Raising for a paid sales order ------------------------------------------------------


def test_raise_groups_needs_by_manufacturer_in_draft(world):
    numbers = raise_for(
        world,
        world.need("L1"),
        world.need("L2", variant=world.stocked, quantity=2),
        world.need("L3", variant=world.chair_b),
    )

    assert len(numbers) == 2
    a_po = PurchaseOrder.objects.get(manufacturer=world.a)
    b_po = PurchaseOrder.objects.get(manufacturer=world.b)
    assert (a_po.status, a_po.origin) == (POStatus.DRAFT, "sales")
    assert [line.line_ref for line in a_po.lines.all()] == ["L1", "L2"]
    assert a_po.value == Decimal("7200.00")  # 2400 + 2 x 2400
    assert (a_po.customer_reference, a_po.customer_tier) == ("Mme Dupont", "gold")
    assert [line.line_ref for line in b_po.lines.all()] == ["L3"]
    assert re.fullmatch(r"PO-\d{4}-\d{6}", a_po.number)


def test_raise_references_the_products_production_files(world):
    (number,) = raise_for(world)

    files = PurchaseOrderFile.objects.filter(purchase_order__number=number)
    assert [(f.kind, f.title, f.source) for f in files] == [
        ("cad", "Frame CAD", FileSource.PRODUCT)
    ]
    assert files[0].file.read().startswith(b"%PDF")


def test_raise_records_expected_supply_for_each_line(world):
    (number,) = raise_for(world, required_date=in_days(70))

    supply = IncomingSupply.objects.get()
    assert supply.reference == f"{number}/1"
    assert (supply.order_ref, supply.line_ref, supply.quantity) == ("SO-2026-000001", "L1", 1)
    assert supply.expected_date == in_days(70)


def test_raising_twice_buys_nothing_twice(world):
    first = raise_for(world, world.need("L1"), world.need("L2", variant=world.chair_b))
    before = counts()

    again = raise_for(world, world.need("L1"), world.need("L2", variant=world.chair_b))

    assert again == first
    assert counts() == before
    assert IncomingSupply.objects.count() == 2


def test_a_new_need_of_the_same_order_gets_its_own_po(world):
    raise_for(world, world.need("L1"))
    numbers = raise_for(world, world.need("L1"), world.need("L2", variant=world.stocked))

    assert PurchaseOrderLine.objects.filter(line_ref="L1").count() == 1
    assert PurchaseOrder.objects.count() == 2
    assert len(numbers) == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"needs": ()}, "at least one purchase need"),
        ({"customer_reference": "dupont@example.com"}, "no e-mail or phone"),
        ({"customer_reference": "call +33 6 12 34 56 78"}, "no e-mail or phone"),
        ({"currency": "XXY"}, "Unknown currency"),
        ({"order_ref": "  "}, "order_ref is required"),
        ({"required_date": "2026-01-01"}, "give a date"),
    ],
)
def test_raise_refuses_bad_input_and_writes_nothing(world, change, message):
    args = {
        "order_ref": "SO-2026-000001",
        "customer_reference": "Mme Dupont",
        "customer_tier": "",
        "currency": "EUR",
        "required_date": in_days(30),
        "needs": (world.need(),),
        "actor": SYSTEM,
        **change,
    }
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        facade.purchase_orders_raise_for_order(**args)
    assert counts() == before


@pytest.mark.parametrize(
    ("need_change", "message"),
    [
        ({"quantity": 0}, "quantity must be"),
        ({"quantity": 1.5}, "quantity must be"),
        ({"unit_value": -1}, "unit_value must be"),
        ({"manufacturer_id": 999_999}, "No such manufacturer"),
        ({"line_ref": ""}, "line_ref is required"),
    ],
)
def test_raise_refuses_bad_needs(world, need_change, message):
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        raise_for(world, world.need(**need_change))
    assert counts() == before


def test_raise_refuses_the_same_line_twice_in_one_call(world):
    with pytest.raises(ValidationFailed, match="listed twice"):
        raise_for(world, world.need("L1"), world.need("L1"))
    assert PurchaseOrder.objects.count() == 0


def test_a_workshop_cannot_raise(world):
    with pytest.raises(PermissionDenied):
        facade.purchase_orders_raise_for_order(
            order_ref="SO-1",
            customer_reference="",
            customer_tier="",
            currency="EUR",
            required_date=None,
            needs=(world.need(),),
            actor=world.workshop_a,
        )
    assert PurchaseOrder.objects.count() == 0


# --- Release checklist -------------------------------------------------------------------


def test_release_sends_to_the_workshop_and_announces_it(world, published):
    (number,) = raise_for(world)

    po = services.purchase_order_release(number=number, actor=world.manager)

    assert po.status == POStatus.AWAITING_MANUFACTURER
    assert po.released_at is not None
    assert po.released_by_label == world.manager.label
    (event,) = published
    assert isinstance(event, events.PurchaseOrderReleased)
    assert (event.number, event.manufacturer_id, event.order_ref, event.line_refs) == (
        number,
        world.a.pk,
        "SO-2026-000001",
        ("L1",),
    )


def _refused_items(number, world) -> list[str]:
    before = counts()
    with pytest.raises(ValidationFailed) as caught:
        services.purchase_order_release(number=number, actor=world.manager)
    assert caught.value.code == "checklist_failed"
    assert counts() == before
    assert PurchaseOrder.objects.get(number=number).status == POStatus.DRAFT
    return caught.value.details["items"]


def test_release_refused_while_a_line_awaits_finalisation(world):
    (number,) = raise_for(world, world.need(awaiting_finalisation=True))
    assert _refused_items(number, world) == ["finalised"]


def test_release_refused_when_a_required_option_is_missing(world):
    config = world.configuration()
    config["options"] = []
    (number,) = raise_for(world, world.need(configuration=config))
    assert _refused_items(number, world) == ["configuration"]


def test_release_refused_when_a_dimension_is_out_of_range(world):
    (number,) = raise_for(world, world.need(configuration=world.configuration(width=300)))
    assert _refused_items(number, world) == ["configuration"]


def test_release_refused_without_cad_or_assembly_file(world):
    world.bespoke.product.production_files.all().delete()
    (number,) = raise_for(world)
    assert _refused_items(number, world) == ["files"]


def test_an_assembly_file_added_for_the_order_satisfies_the_checklist(world):
    world.bespoke.product.production_files.all().delete()
    (number,) = raise_for(world)
    services.purchase_order_file_add(
        number=number,
        kind="assembly",
        title="Assembly",
        file=pdf(),
        line_position=1,
        actor=world.manager,
    )
    assert services.purchase_order_release(number=number, actor=world.manager).status == (
        POStatus.AWAITING_MANUFACTURER
    )


def test_release_refused_with_inactive_manufacturer_and_past_date(world):
    (number,) = raise_for(world)
    PurchaseOrder.objects.filter(number=number).update(required_date=in_days(-1))
    world.a.is_active = False
    world.a.save()
    assert _refused_items(number, world) == ["manufacturer_active", "required_date"]


def test_release_refused_without_required_date(world):
    (number,) = raise_for(world)
    PurchaseOrder.objects.filter(number=number).update(required_date=None)
    assert _refused_items(number, world) == ["required_date"]


def test_release_needs_the_release_permission(world):
    from atelier.core.roles import Role
    from atelier.purchasing.tests.helpers import actor

    (number,) = raise_for(world)
    with pytest.raises(PermissionDenied):
        services.purchase_order_release(number=number, actor=actor(Role.QUALITY_CONTROLLER))
    with pytest.raises(NotFound):  # drafts are invisible to the workshop
        services.purchase_order_release(number=number, actor=world.workshop_a)


# --- Manual purchase orders -----------------------------------------------------------


def test_manual_po_validates_the_configuration_and_snapshots_names(world):
    po = services.purchase_order_create(
        manufacturer_id=world.a.pk,
        lines=[
            ManualLine(
                variant_id=world.bespoke.pk,
                quantity=2,
                options={"fabric": "linen"},
                dimensions={"width": "200"},
                unit_value="100.50",
            )
        ],
        origin="sample",
        currency="EUR",
        required_date=in_days(20),
        actor=world.manager,
    )
    line = po.lines.get()
    assert (po.origin, po.order_ref, line.line_ref) == ("sample", "", "")
    assert line.configuration["options"][0]["choice_name"] == "Linen"
    assert line.configuration["custom_dimensions"][0]["requested_cm"] == "200"
    assert po.value == Decimal("201.00")
    assert IncomingSupply.objects.get().reference == f"{po.number}/1"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"lines": []}, "at least one line"),
        ({"origin": "sales"}, "origin"),
        ({"required_date": in_days(-2)}, "in the past"),
        ({"lines": [ManualLine(variant_id=-1, quantity=1)]}, "No such variant"),
        ({"lines": [ManualLine(variant_id=0, quantity=0)]}, "quantity must be"),
        ({"lines": [ManualLine(variant_id=0, quantity=1, options={"fabric": "silk"})]}, "silk"),
        (
            {
                "lines": [
                    ManualLine(
                        variant_id=0,
                        quantity=1,
                        options={"fabric": "wool"},
                        dimensions={"width": "999"},
                    )
                ]
            },
            "between",
        ),
        ({"manufacturer_id": "b"}, "manufacturer"),
    ],
)
def test_manual_po_refuses_bad_input(world, change, message):
    lines = [
        ManualLine(**{**line.__dict__, "variant_id": world.bespoke.pk})
        if line.variant_id == 0
        else line
        for line in change.pop("lines", [ManualLine(variant_id=world.bespoke.pk, quantity=1)])
    ]
    args = {"manufacturer_id": world.a.pk, "lines": lines, "currency": "EUR", **change}
    before = counts()
    with pytest.raises(ValidationFailed, match=message):
        services.purchase_order_create(actor=world.manager, **args)
    assert counts() == before


def test_manual_po_refuses_a_product_of_another_workshop(world):
    with pytest.raises(ValidationFailed, match="is made by Atelier A"):
        services.purchase_order_create(
            manufacturer_id=world.b.pk,
            lines=[ManualLine(variant_id=world.bespoke.pk, quantity=1)],
            currency="EUR",
            actor=world.manager,
        )
    assert PurchaseOrder.objects.count() == 0


# --- Files and messages -------------------------------------------------------------------


def test_files_are_checked_by_content(world):
    (number,) = raise_for(world)
    before = counts()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationFailed, match="Production files must be"):
        services.purchase_order_file_add(
            number=number,
            kind="cad",
            title="x",
            file=SimpleUploadedFile("x.pdf", b"MZ\x90 exe"),
            actor=world.manager,
        )
    with pytest.raises(ValidationFailed, match="kind"):
        services.purchase_order_file_add(
            number=number, kind="video", title="x", file=pdf(), actor=world.manager
        )
    with pytest.raises(ValidationFailed, match="No such line"):
        services.purchase_order_file_add(
            number=number, kind="cad", title="x", file=pdf(), line_position=9, actor=world.manager
        )
    assert counts() == before


def test_the_workshop_adds_photos_and_messages_on_its_side(world):
    number = released(world)
    row = services.purchase_order_file_add(
        number=number, kind="photo", title="Frame", file=pdf(), actor=world.workshop_a
    )
    message = services.purchase_order_message_post(
        number=number, body="Frame glued.", actor=world.workshop_a
    )
    reply = services.purchase_order_message_post(number=number, body="Thanks", actor=world.manager)
    assert (row.side, row.source, message.side, reply.side) == (
        "workshop",
        "order",
        "workshop",
        "retailer",
    )


def test_empty_message_is_refused(world):
    number = released(world)
    with pytest.raises(ValidationFailed, match="body is required"):
        services.purchase_order_message_post(number=number, body="  ", actor=world.workshop_a)
    assert PurchaseOrderMessage.objects.count() == 0


# --- The workshop's answers -------------------------------------------------------------


def test_workshop_accepts_starts_and_completes(world, published):
    number = released(world)
    for step in (
        services.purchase_order_accept,
        services.purchase_order_start,
        services.purchase_order_complete,
    ):
        step(number=number, actor=world.workshop_a)
    po = PurchaseOrder.objects.get(number=number)
    assert po.status == POStatus.COMPLETED
    assert all((po.accepted_at, po.started_at, po.completed_at))
    assert [type(e).__name__ for e in published] == [
        "PurchaseOrderReleased",
        "PurchaseOrderAccepted",
        "PurchaseOrderProductionStarted",
        "PurchaseOrderCompleted",
    ]


def test_decline_needs_a_reason(world):
    number = released(world)
    with pytest.raises(ValidationFailed, match="reason"):
        services.purchase_order_decline(number=number, reason=" ", actor=world.workshop_a)
    po = services.purchase_order_decline(number=number, reason="No oak", actor=world.workshop_a)
    assert (po.status, po.declined_reason) == (POStatus.DECLINED, "No oak")


def test_another_workshop_cannot_answer(world):
    number = released(world)
    with pytest.raises(NotFound):
        services.purchase_order_accept(number=number, actor=world.workshop_b)
    assert PurchaseOrder.objects.get(number=number).status == POStatus.AWAITING_MANUFACTURER


# --- Reassign and cancel ----------------------------------------------------------------


def test_declined_po_is_reassigned_to_another_workshop(world):
    number = released(world)
    services.purchase_order_decline(number=number, reason="Too busy", actor=world.workshop_a)

    po = services.purchase_order_reassign(
        number=number, manufacturer_id=world.b.pk, reason="A is busy", actor=world.manager
    )

    assert (po.status, po.manufacturer_id, po.declined_reason) == (POStatus.DRAFT, world.b.pk, "")
    assert "Reassigned from Atelier A to Atelier B: A is busy" in po.messages.get().body
    with pytest.raises(NotFound):  # A no longer sees it
        services.purchase_order_message_post(number=number, body="?", actor=world.workshop_a)


def test_reassign_refusals(world):
    number = released(world)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.purchase_order_reassign(
            number=number, manufacturer_id=world.b.pk, reason="x", actor=world.manager
        )
    assert caught.value.details["current"] == POStatus.AWAITING_MANUFACTURER
    with pytest.raises(ValidationFailed, match="reason is required"):
        services.purchase_order_reassign(
            number=number, manufacturer_id=world.b.pk, reason="", actor=world.manager
        )
    with pytest.raises(ValidationFailed, match="already with"):
        services.purchase_order_reassign(
            number=number, manufacturer_id=world.a.pk, reason="x", actor=world.manager
        )
    assert PurchaseOrder.objects.get(number=number).manufacturer_id == world.a.pk


def test_cancel_frees_the_need_and_closes_the_supply(world):
    (number,) = raise_for(world)
    services.purchase_order_cancel(
        number=number, reason="Customer changed mind", actor=world.manager
    )

    assert IncomingSupply.objects.get().is_open is False
    again = raise_for(world)
    assert again != [number]
    assert PurchaseOrder.objects.get(number=again[0]).status == POStatus.DRAFT


def test_update_draft_details(world):
    (number,) = raise_for(world)
    po = services.purchase_order_update(
        number=number,
        required_date=in_days(90),
        notes="Extra firm",
        ship_from_workshop=True,
        delivery_address="12 rue X, Paris",
        actor=world.manager,
    )
    assert (po.required_date, po.notes, po.ship_from_workshop) == (in_days(90), "Extra firm", True)
    with pytest.raises(ValidationFailed, match="in the past"):
        services.purchase_order_update(
            number=number, required_date=in_days(-1), actor=world.manager
        )


# --- Finalisation and revisions ---------------------------------------------------------


def test_finalisation_in_draft_updates_the_line_without_a_revision(world):
    raise_for(world, world.need(awaiting_finalisation=True))
    info = facade.purchase_line_finalised(
        order_ref="SO-2026-000001",
        line_ref="L1",
        configuration=world.configuration("linen"),
        variant_id=world.bespoke.pk,
        actor=SYSTEM,
    )
    (line,) = info.lines
    assert not line.awaiting_finalisation
    assert line.configuration["options"][0]["choice_code"] == "linen"
    assert info.revision == 1


def test_finalising_an_unknown_line_is_a_no_op(world):
    assert (
        facade.purchase_line_finalised(
            order_ref="SO-9", line_ref="L1", configuration={}, variant_id=1, actor=SYSTEM
        )
        is None
    )


def test_revision_before_acceptance_is_applied_at_once(world):
    number = released(world)
    info = facade.purchase_line_revise(
        order_ref="SO-2026-000001",
        line_ref="L1",
        change_ref="CR-1",
        configuration=world.configuration("linen"),
        variant_id=world.bespoke.pk,
        summary="Fabric to linen",
        needs_agreement=False,
        actor=SYSTEM,
    )
    assert info.revision == 2
    assert info.lines[0].configuration["options"][0]["choice_code"] == "linen"
    revision = PurchaseOrder.objects.get(number=number).revisions.get()
    assert (revision.status, revision.number) == (RevisionStatus.APPLIED, 2)


def test_revision_after_acceptance_waits_for_the_workshop(world, published):
    number = released(world)
    services.purchase_order_accept(number=number, actor=world.workshop_a)
    args = {
        "order_ref": "SO-2026-000001",
        "line_ref": "L1",
        "change_ref": "CR-1",
        "configuration": world.configuration("linen"),
        "variant_id": world.bespoke.pk,
        "summary": "Fabric to linen",
        "needs_agreement": True,
        "actor": SYSTEM,
    }
    info = facade.purchase_line_revise(**args)
    facade.purchase_line_revise(**args)  # the event arrived twice

    assert info.revision == 1
    assert info.lines[0].configuration["options"][0]["choice_code"] == "wool"
    info = facade.purchase_revision_accept(number=number, change_ref="CR-1", actor=world.workshop_a)
    assert info.revision == 2
    assert info.lines[0].configuration["options"][0]["choice_code"] == "linen"
    event = published[-1]
    assert isinstance(event, events.PurchaseRevisionAccepted)
    assert (event.number, event.line_ref, event.change_ref) == (number, "L1", "CR-1")
    with pytest.raises(Exception, match="already accepted"):
        facade.purchase_revision_accept(number=number, change_ref="CR-1", actor=world.workshop_a)


def test_workshop_refuses_a_revision_with_a_reason(world, published):
    number = released(world)
    services.purchase_order_accept(number=number, actor=world.workshop_a)
    facade.purchase_line_revise(
        order_ref="SO-2026-000001",
        line_ref="L1",
        change_ref="CR-2",
        configuration=world.configuration(width=200),
        variant_id=world.bespoke.pk,
        summary="Narrower",
        needs_agreement=True,
        actor=SYSTEM,
    )
    with pytest.raises(ValidationFailed, match="reason is required"):
        facade.purchase_revision_refuse(
            number=number, change_ref="CR-2", reason="", actor=world.workshop_a
        )
    with pytest.raises(NotFound):
        facade.purchase_revision_refuse(
            number=number, change_ref="CR-2", reason="x", actor=world.workshop_b
        )
    info = facade.purchase_revision_refuse(
        number=number, change_ref="CR-2", reason="Frame already cut", actor=world.workshop_a
    )
    assert info.revision == 1
    assert info.lines[0].configuration["custom_dimensions"] == []
    assert isinstance(published[-1], events.PurchaseRevisionRefused)
    assert published[-1].reason == "Frame already cut"


def test_revision_of_a_completed_po_is_refused(world):
    number = released(world)
    for step in (
        services.purchase_order_accept,
        services.purchase_order_start,
        services.purchase_order_complete,
    ):
        step(number=number, actor=world.workshop_a)
    with pytest.raises(Exception, match="completed"):
        facade.purchase_line_revise(
            order_ref="SO-2026-000001",
            line_ref="L1",
            change_ref="CR-3",
            configuration={},
            variant_id=world.bespoke.pk,
            summary="late",
            needs_agreement=False,
            actor=SYSTEM,
        )


def test_facade_info_and_open_list(world):
    (number,) = raise_for(world)
    info = facade.purchase_order_info(number)
    assert (info.status, info.manufacturer_name, info.line_refs) == ("draft", "Atelier A", ("L1",))
    assert [po.number for po in facade.purchase_orders_open()] == [number]
    with pytest.raises(NotFound):
        facade.purchase_order_info("PO-1999-000001")


def test_from_proposals_refuses_unknown_or_no_proposals(world):
    before = counts()
    with pytest.raises(ValidationFailed, match="at least one proposal"):
        services.purchase_order_from_proposals(proposal_numbers=[], actor=world.manager)
    with pytest.raises(ValidationFailed, match="not ready"):
        services.purchase_order_from_proposals(
            proposal_numbers=["RP-2026-999999"], actor=world.manager
        )
    with pytest.raises(PermissionDenied):
        services.purchase_order_from_proposals(
            proposal_numbers=["RP-2026-999999"], actor=world.workshop_a
        )
    assert counts() == before
