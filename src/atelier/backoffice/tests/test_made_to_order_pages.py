"""The back office's made-to-order page (issue 8): a designer finalises a line, staff
propose and accept a change; refusals are messages and write nothing."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.sales.enums import ChangeStatus, Finalisation
from atelier.sales.models import ChangeRequest, CreditNote, Invoice
from atelier.sales.tests.helpers import counts, make_world
from atelier.sales.tests.mto import committed, paid_sofa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path, monkeypatch, settings):
    storage = FileSystemStorage(location=tmp_path / "private")
    for model in (Invoice, CreditNote):
        monkeypatch.setattr(model._meta.get_field("pdf"), "storage", storage)


@pytest.fixture
def order(db):
    make_world()
    return paid_sofa(options={"fabric": "mohair"})


def _messages(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def test_designer_finalises_and_staff_change_the_line(client, order):
    page = f"/backoffice/orders/{order.number}/made-to-order/"
    client.force_login(make_user(Role.DESIGNER))
    assert client.get(page).status_code == 200
    wide = client.post(f"/backoffice/orders/{order.number}/lines/L1/finalise/",
                       {"option-fabric": "mohair", "size-width": "400"}, follow=True)  # fmt: skip
    assert any("width" in m.lower() for m in _messages(wide)), _messages(wide)
    assert order.lines.get().finalisation == Finalisation.PROVISIONAL
    with committed():
        done = client.post(
            f"/backoffice/orders/{order.number}/lines/L1/finalise/",
            {"option-fabric": "mohair", "size-width": "250", "note": "Home visit"},
        )
    assert done.status_code == 302
    assert order.lines.get().finalisation == Finalisation.FINAL

    client.force_login(make_user(Role.CUSTOMER_SERVICE_MANAGER))
    client.post(f"/backoffice/orders/{order.number}/lines/L1/change/",
                {"option-fabric": "linen", "size-width": "250"})  # fmt: skip
    change = ChangeRequest.objects.get()
    with committed():
        client.post(f"/backoffice/orders/{order.number}/changes/{change.ref}/accept/")
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert "CN-" in client.get(f"/backoffice/orders/{order.number}/").content.decode()


def test_customers_are_kept_out(client, order):
    before = counts()
    client.force_login(make_user(Role.CUSTOMER, "c@example.com"))
    response = client.post(f"/backoffice/orders/{order.number}/lines/L1/finalise/", {})
    assert response.status_code in (302, 403, 404)
    assert counts() == before
