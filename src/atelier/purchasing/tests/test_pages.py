"""The back-office purchasing pages over HTTP: scope, buttons, forms through services."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.inventory.models import Location, ReplenishmentProposal
from atelier.purchasing.enums import POStatus
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderFile, PurchaseOrderMessage
from atelier.purchasing.tests.helpers import counts, in_days, pdf, raise_for, released

pytestmark = pytest.mark.django_db
BASE = "/backoffice/purchasing/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, role, **scope):
    user = make_user(role, **scope)
    client.force_login(user)
    return user


def test_list_filters_and_searches(client, world):
    a = raise_for(world, order_ref="SO-2026-000011")[0]
    b = raise_for(world, world.need("L1", variant=world.chair_b), order_ref="SO-2026-000012")[0]
    sign_in(client, Role.PRODUCTION_MANAGER)

    assert client.get(BASE).status_code == 200
    found = client.get(BASE, {"manufacturer": world.b.pk}).context["page"].object_list
    assert [po.number for po in found] == [b]
    found = client.get(BASE, {"q": "000011"}).context["page"].object_list
    assert [po.number for po in found] == [a]


def test_list_is_constant_in_queries(client, world, django_assert_max_num_queries):
    for i in range(30):
        raise_for(world, order_ref=f"SO-{i}")
    sign_in(client, Role.PRODUCTION_MANAGER)
    client.get(BASE)
    with django_assert_max_num_queries(12):
        response = client.get(BASE, {"page": 2})
    assert len(response.context["page"].object_list) == 5


@pytest.mark.parametrize("role", [Role.DESIGNER, Role.ECOMMERCE_MANAGER])
def test_roles_without_purchase_orders_are_refused(client, world, role):
    (number,) = raise_for(world)
    sign_in(client, role)
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{number}/").status_code == 404


def test_detail_shows_lines_checklist_files_and_release(client, world):
    (number,) = raise_for(world, world.need(awaiting_finalisation=True))
    sign_in(client, Role.PRODUCTION_MANAGER)

    page = client.get(f"{BASE}{number}/").content.decode()

    assert "Fabric: Wool" in page
    assert "✘ Configurations verified by the designer" in page
    assert "✔ Production files" in page
    assert "Frame CAD" in page


def test_release_button_goes_through_the_checklist(client, world):
    (blocked,) = raise_for(world, world.need(awaiting_finalisation=True), order_ref="SO-1")
    (ready,) = raise_for(world, order_ref="SO-2")
    sign_in(client, Role.PRODUCTION_MANAGER)

    response = client.post(f"{BASE}{blocked}/release/", follow=True)
    assert "cannot be released" in response.content.decode()
    assert PurchaseOrder.objects.get(number=blocked).status == POStatus.DRAFT

    client.post(f"{BASE}{ready}/release/")
    assert PurchaseOrder.objects.get(number=ready).status == POStatus.AWAITING_MANUFACTURER


def test_quality_controller_cannot_release(client, world):
    (number,) = raise_for(world)
    sign_in(client, Role.QUALITY_CONTROLLER)
    assert client.get(f"{BASE}{number}/").status_code == 200
    assert client.post(f"{BASE}{number}/release/").status_code == 403
    assert PurchaseOrder.objects.get(number=number).status == POStatus.DRAFT


def test_forms_need_csrf(world):
    (number,) = raise_for(world)
    client = Client(enforce_csrf_checks=True)
    sign_in(client, Role.PRODUCTION_MANAGER)
    assert client.post(f"{BASE}{number}/messages/", {"body": "hi"}).status_code == 403
    assert PurchaseOrderMessage.objects.count() == 0


def test_message_and_file_and_download(client, world):
    (number,) = raise_for(world)
    sign_in(client, Role.PRODUCTION_MANAGER)

    client.post(f"{BASE}{number}/messages/", {"body": "Please use the darker oak."})
    client.post(
        f"{BASE}{number}/files/",
        {"kind": "assembly", "title": "Assembly guide", "line": "1", "file": pdf("guide.pdf")},
    )

    assert PurchaseOrderMessage.objects.get().body == "Please use the darker oak."
    row = PurchaseOrderFile.objects.get(title="Assembly guide")
    assert row.line.position == 1
    response = client.get(f"{BASE}{number}/files/{row.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = released(world, world.need("L1", variant=world.chair_b), order_ref="SO-9")
    assert client.get(f"{BASE}{other}/files/{row.pk}/").status_code == 404


def test_bad_file_is_refused_and_nothing_written(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    (number,) = raise_for(world)
    sign_in(client, Role.PRODUCTION_MANAGER)
    before = counts()
    response = client.post(
        f"{BASE}{number}/files/",
        {"kind": "cad", "title": "x", "file": SimpleUploadedFile("x.pdf", b"MZ exe")},
        follow=True,
    )
    assert "Production files must be" in response.content.decode()
    assert counts() == before


def test_manual_po_form(client, world):
    sign_in(client, Role.PRODUCTION_MANAGER)
    assert client.get(f"{BASE}new/").status_code == 200
    response = client.post(
        f"{BASE}new/",
        {
            "manufacturer": world.a.pk,
            "origin": "sample",
            "currency": "EUR",
            "required_date": in_days(20).isoformat(),
            "lines": "BESPOKE-1 1 value=150 fabric=linen width=200",
        },
    )
    po = PurchaseOrder.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{po.number}/"
    line = po.lines.get()
    assert (po.origin, line.quantity, str(line.unit_value)) == ("sample", 1, "150.00")
    assert line.configuration["options"][0]["choice_code"] == "linen"


def test_manual_po_form_refusals_write_nothing(client, world):
    sign_in(client, Role.PRODUCTION_MANAGER)
    for lines in ("NOPE-1 1", "BESPOKE-1 x", "BESPOKE-1 1 fabric=silk"):
        response = client.post(
            f"{BASE}new/",
            {"manufacturer": world.a.pk, "origin": "manual", "currency": "EUR", "lines": lines},
        )
        assert response.status_code == 200
    assert PurchaseOrder.objects.count() == 0


def test_quality_controller_cannot_raise(client, world):
    sign_in(client, Role.QUALITY_CONTROLLER)
    assert client.get(f"{BASE}new/").status_code == 403


def test_raise_from_replenishment_proposals(client, world):
    warehouse = Location.objects.get(kind="warehouse")
    proposal = ReplenishmentProposal.objects.create(
        number="RP-2026-000001",
        kind="purchase",
        status="proposed",
        variant_id=world.stocked.pk,
        location=warehouse,
        quantity=4,
        value="400.00",
        currency="EUR",
        period=in_days(0).replace(day=1),
    )
    sign_in(client, Role.PRODUCTION_MANAGER)
    page = client.get(f"{BASE}proposals/")
    assert [p.number for p, _ in page.context["rows"]] == [proposal.number]

    client.post(f"{BASE}proposals/", {"proposal": [proposal.number]})

    po = PurchaseOrder.objects.get()
    assert (po.origin, po.manufacturer_id, po.value) == ("replenishment", world.a.pk, 400)
    proposal.refresh_from_db()
    assert proposal.converted_reference == po.number


def test_reassign_and_cancel_forms(client, world):
    (number,) = raise_for(world)
    sign_in(client, Role.PRODUCTION_MANAGER)
    client.post(f"{BASE}{number}/reassign/", {"manufacturer": world.b.pk, "reason": "Capacity"})
    assert PurchaseOrder.objects.get(number=number).manufacturer_id == world.b.pk
    client.post(f"{BASE}{number}/cancel/", {"reason": ""})
    assert PurchaseOrder.objects.get(number=number).status == POStatus.DRAFT
    client.post(f"{BASE}{number}/cancel/", {"reason": "Order cancelled"})
    assert PurchaseOrder.objects.get(number=number).status == POStatus.CANCELLED
