"""The customer's change page (issue 8): the owner sees the price difference, confirms
and is sent to pay; anyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.sales.enums import ChangeStatus
from atelier.sales.models import ChangeRequest, CreditNote, Invoice
from atelier.sales.services.made_to_order import line_finalise
from atelier.sales.tests.helpers import actor, make_world
from atelier.sales.tests.mto import committed, paid_sofa

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "private")
    for model in (Invoice, CreditNote):
        monkeypatch.setattr(model._meta.get_field("pdf"), "storage", storage)


def test_the_owner_changes_the_fabric_and_is_sent_to_pay(client):
    make_world()
    owner = make_user(Role.CUSTOMER, "owner@example.com")
    order = paid_sofa(actor=actor_for(owner), email="owner@example.com")
    with committed():
        line_finalise(order=order, line_id=order.lines.get().pk, actor=actor(Role.DESIGNER))
    page = f"/orders/{order.number}/lines/L1/change/"
    client.force_login(make_user(Role.CUSTOMER, "stranger@example.com"))
    assert client.get(page).status_code == 404
    client.force_login(owner)
    assert "Change fabric" in client.get(f"/orders/{order.number}/").content.decode()
    proposal = client.post(page, {"option-fabric": "mohair", "size-width": "240"})
    assert proposal.status_code == 200
    assert "350" in proposal.content.decode()
    change = ChangeRequest.objects.get()
    with committed():
        paying = client.post(page, {"action": "accept", "change": change.ref})
    assert paying.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_PAYMENT
