"""The back-office production pages, the labels and the public scan page, over HTTP."""

import contextlib
import re
import zlib

import pytest

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.production import labels
from atelier.production.models import ProductionItem
from atelier.production.tests.helpers import at, released
from atelier.purchasing import facade as purchasing


def sign_in(client, role, email=None, **scope):
    user = make_user(role, email, **scope)
    client.force_login(user)
    return user


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's streams, inflated (metadata such as /Title and /Keywords lives there)."""
    found = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(match.group(1)))
    return b"".join(found)


@pytest.fixture
def piece(world):
    number = at(world, released(world, world.need(quantity=2)), "in_production")
    return ProductionItem.objects.filter(purchase_order_number=number).first()


def test_a_label_is_a_pdf_carrying_the_code(piece):
    single = labels.item_label_pdf(piece)
    sheet = labels.po_label_sheet_pdf(
        piece.purchase_order_number, list(ProductionItem.objects.all())
    )

    assert single.startswith(b"%PDF")
    assert sheet.startswith(b"%PDF")
    assert piece.code.encode() in pdf_text(single)
    for item in ProductionItem.objects.all():
        assert item.code.encode() in pdf_text(sheet)
    assert labels.scan_url(piece.code).endswith(f"/i/{piece.code}")


def test_staff_download_labels_and_others_get_404(client, piece):
    sign_in(client, Role.PRODUCTION_MANAGER)

    one = client.get(f"/backoffice/production/items/{piece.code}/label.pdf")
    sheet = client.get(f"/backoffice/production/po/{piece.purchase_order_number}/labels.pdf")
    unknown = client.get("/backoffice/production/items/AT-0000-0000/label.pdf")

    assert one["Content-Type"] == sheet["Content-Type"] == "application/pdf"
    assert one.content.startswith(b"%PDF")
    assert sheet.content.startswith(b"%PDF")
    assert unknown.status_code == 404


def test_staff_scanning_a_code_see_the_piece_history(client, piece):
    sign_in(client, Role.QUALITY_CONTROLLER)

    page = client.get(f"/i/{piece.code.lower()}")

    assert page.status_code == 200
    body = page.content.decode()
    assert piece.code in body
    assert "Production started" in body
    assert piece.purchase_order_number in body
    assert piece.order_ref in body


@pytest.mark.parametrize("who", ["anonymous", "customer", "other workshop", "sales rep"])
def test_anyone_else_scanning_sees_the_code_and_product_only(client, world, piece, who):
    if who == "customer":
        sign_in(client, Role.CUSTOMER, "buyer@example.com")
    elif who == "other workshop":
        sign_in(client, Role.MANUFACTURER, "b@atelier-b.test", manufacturer=world.b)
    elif who == "sales rep":
        from atelier.accounts.tests.factories import make_boutique, make_region

        sign_in(
            client, Role.SALES_REPRESENTATIVE, boutiques=[make_boutique("paris", make_region("eu"))]
        )

    page = client.get(f"/i/{piece.code}")

    body = page.content.decode()
    assert page.status_code == 200
    assert piece.code in body
    assert piece.product_name in body
    for secret in (piece.purchase_order_number, piece.order_ref, "Atelier A", "Production started"):
        assert secret not in body


def test_the_own_workshop_sees_its_piece(client, world, piece):
    sign_in(client, Role.MANUFACTURER, "a@atelier-a.test", manufacturer=world.a)
    page = client.get(f"/i/{piece.code}")
    assert "Production started" in page.content.decode()


def test_an_unknown_code_is_404_for_everyone(client, piece):
    assert client.get("/i/AT-0000-0001").status_code == 404
    assert client.get("/i/not-a-code").status_code == 404
    sign_in(client, Role.PRODUCTION_MANAGER)
    assert client.get("/i/AT-0000-0001").status_code == 404


def test_the_queue_page_lists_open_orders_for_production_managers(
    client, world, django_assert_max_num_queries
):
    numbers = [released(world, order_ref=f"SO-{n}") for n in range(1, 4)]
    sign_in(client, Role.PRODUCTION_MANAGER)

    with django_assert_max_num_queries(25):
        page = client.get("/backoffice/production/?sort=number")
    requirements = client.get("/backoffice/production/requirements/")

    assert page.status_code == requirements.status_code == 200
    body = page.content.decode()
    assert all(n in body for n in numbers)
    assert "Fabric: Wool" in requirements.content.decode()


def test_a_manufacturer_cannot_open_the_back_office_queue(client, world):
    released(world)
    sign_in(client, Role.MANUFACTURER, "a@atelier-a.test", manufacturer=world.a)
    assert client.get("/backoffice/production/").status_code == 403


def test_staff_walk_a_purchase_order_through_its_lifecycle_for_the_workshop(client, world):
    number = released(world, world.need(quantity=2))
    sign_in(client, Role.PRODUCTION_MANAGER)
    url = f"/backoffice/production/po/{number}/"

    assert "Accept" in client.get(url).content.decode()
    client.post(url + "accept/")
    client.post(url + "start/")
    started = client.get(url).content.decode()
    client.post(url + "complete/")

    assert purchasing.purchase_order_info(number).status == "completed"
    codes = list(
        ProductionItem.objects.filter(purchase_order_number=number).values_list("code", flat=True)
    )
    assert len(codes) == 2
    assert all(c in started for c in codes)


def test_a_refused_action_shows_a_message_and_changes_nothing(client, world):
    number = released(world)
    sign_in(client, Role.PRODUCTION_MANAGER)
    url = f"/backoffice/production/po/{number}/"

    page = client.post(url + "complete/", follow=True)
    declined = client.post(url + "decline/", {"reason": ""}, follow=True)

    assert "Cannot move" in page.content.decode()
    assert "reason" in declined.content.decode().lower()
    assert purchasing.purchase_order_info(number).status == "awaiting_manufacturer"


def test_a_declined_order_is_reassigned_from_its_page(client, world):
    number = released(world)
    purchasing.purchase_order_decline(number=number, reason="No capacity", actor=world.workshop_a)
    sign_in(client, Role.PRODUCTION_MANAGER)

    client.post(
        f"/backoffice/production/po/{number}/reassign/",
        {"manufacturer": world.b.pk, "reason": "B has capacity"},
    )

    info = purchasing.purchase_order_info(number)
    assert (info.status, info.manufacturer_id) == ("draft", world.b.pk)


def test_staff_mark_a_rework_done_from_the_order_page(client, world):
    from atelier.production import services
    from atelier.production.tests.helpers import SYSTEM

    number = at(world, released(world), "completed")
    item = ProductionItem.objects.get(purchase_order_number=number)
    services.item_inspection_failed(code=item.code, round_=1, defects="Dent", actor=SYSTEM)
    sign_in(client, Role.PRODUCTION_MANAGER)

    page = client.get(f"/backoffice/production/po/{number}/")
    client.post(f"/backoffice/production/items/{item.code}/rework-done/")

    assert "Rework done" in page.content.decode()
    item.refresh_from_db()
    assert (item.status, item.round) == ("completed", 2)
