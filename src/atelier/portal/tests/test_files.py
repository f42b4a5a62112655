"""The workshop adds its own files (photos, drawings) to a purchase order."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.portal.tests.helpers import jpeg, state
from atelier.purchasing.models import PurchaseOrderFile


def add(client, number, *, name="work.jpg", content=None, kind="photo", title="Frame glued"):
    upload = SimpleUploadedFile(name, jpeg() if content is None else content)
    return client.post(
        reverse("portal:file_add", kwargs={"number": number}),
        {"kind": kind, "title": title, "file": upload},
    )


def test_the_page_offers_the_upload_form(client_a, portal):
    body = client_a.get(reverse("portal:po_detail", kwargs={"number": portal.po_a})).content
    assert reverse("portal:file_add", kwargs={"number": portal.po_a}).encode() in body
    assert b'enctype="multipart/form-data"' in body


def test_workshop_adds_a_photo_that_the_back_office_sees(client, portal):
    client.force_login(portal.user_a)
    response = add(client, portal.fresh_a, title="Frame glued")
    assert response.status_code == 302
    row = PurchaseOrderFile.objects.get(purchase_order__number=portal.fresh_a, title="Frame glued")
    assert row.kind == "photo"
    assert row.size_bytes == len(jpeg())
    page = client.get(response["Location"])
    assert b"File added." in page.content
    assert b"Frame glued" in page.content
    client.force_login(make_user(Role.PRODUCTION_MANAGER))
    body = client.get(f"/backoffice/purchasing/{portal.fresh_a}/").content.decode()
    assert "Frame glued" in body


def test_a_fake_file_is_refused_and_nothing_is_written(client_a, portal):
    before = state(portal.fresh_a)
    for name in ("drawing.pdf", "photo.jpg"):
        response = add(client_a, portal.fresh_a, name=name, content=b"just some text, not a file")
        assert response.status_code == 302
        page = client_a.get(response["Location"]).content.decode()
        assert "File added." not in page
        assert "file" in page.lower()
        assert state(portal.fresh_a) == before


def test_missing_title_or_file_is_refused(client_a, portal):
    before = state(portal.fresh_a)
    response = add(client_a, portal.fresh_a, title="")
    page = client_a.get(response["Location"]).content.decode()
    assert "The file was not added." in page
    assert "Title" in page
    response = client_a.post(
        reverse("portal:file_add", kwargs={"number": portal.fresh_a}),
        {"kind": "photo", "title": "No file"},
    )
    assert "The file was not added." in client_a.get(response["Location"]).content.decode()
    assert state(portal.fresh_a) == before


def test_workshop_may_not_add_order_only_kinds(client_a, portal):
    before = state(portal.fresh_a)
    add(client_a, portal.fresh_a, kind="assembly")
    assert state(portal.fresh_a) == before


def test_another_workshop_gets_404_and_nothing_is_written(client_b, portal):
    for number in (portal.po_a, portal.fresh_a):
        before = state(number)
        assert add(client_b, number).status_code == 404
        assert state(number) == before
