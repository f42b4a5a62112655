"""The workshop's pages: list, detail, actions, thread, revisions, labels, rework, profile."""

import pytest
from django.urls import reverse

from atelier.accounts.tests.factories import make_user
from atelier.core.roles import Role
from atelier.portal.tests.helpers import state
from atelier.production.models import ProductionItem
from atelier.purchasing.models import PurchaseOrder
from atelier.purchasing.tests.helpers import released


def detail(number):
    return reverse("portal:po_detail", kwargs={"number": number})


def act(client, number, action, **data):
    return client.post(
        reverse("portal:po_action", kwargs={"number": number, "action": action}), data
    )


def test_list_search_and_sort(client_a, portal):
    body = client_a.get("/portal/").content.decode()
    assert detail(portal.po_a) in body
    assert detail(portal.fresh_a) in body
    assert detail(portal.po_b) not in body
    body = client_a.get("/portal/", {"q": portal.fresh_a}).content.decode()
    assert detail(portal.fresh_a) in body
    assert detail(portal.po_a) not in body
    assert client_a.get("/portal/", {"q": "Dupont", "sort": "value"}).status_code == 200


def test_list_query_count_does_not_grow_with_rows(client_a, portal, django_assert_max_num_queries):
    w = portal.world
    for i in range(30):
        released(w, w.need("L1"), order_ref=f"SO-2026-1{i:05d}")
    with django_assert_max_num_queries(12):
        response = client_a.get("/portal/", {"sort": "deadline"})
    assert response.context["page"].paginator.count == 32
    with django_assert_max_num_queries(12):
        client_a.get("/portal/", {"page": 2, "sort": "value"})


def test_detail_shows_what_to_build_but_no_customer_contact_data(client_a, portal):
    po = PurchaseOrder.objects.get(number=portal.fresh_a)
    po.delivery_address = "12 rue Secrète, Paris"
    po.save(update_fields=["delivery_address"])
    body = client_a.get(detail(portal.fresh_a)).content.decode()
    assert "Bespoke sofa" in body
    assert "Fabric: Wool" in body
    assert "Mme Dupont" in body
    assert "Frame CAD" in body
    assert "rue Secrète" not in body
    po.ship_from_workshop = True
    po.save(update_fields=["ship_from_workshop"])
    assert "rue Secrète" in client_a.get(detail(portal.fresh_a)).content.decode()


def test_accept_in_portal_shows_in_the_back_office(client, portal):
    client.force_login(portal.user_a)
    assert act(client, portal.fresh_a, "accept").status_code == 302
    assert state(portal.fresh_a)["status"] == "accepted"
    client.force_login(make_user(Role.PRODUCTION_MANAGER))
    body = client.get(f"/backoffice/purchasing/{portal.fresh_a}/").content.decode()
    assert "Accepted" in body


def test_decline_needs_a_reason(client_a, portal):
    before = state(portal.fresh_a)
    response = act(client_a, portal.fresh_a, "decline", reason="  ")
    assert response.status_code == 302
    assert state(portal.fresh_a) == before
    act(client_a, portal.fresh_a, "decline", reason="No oak this month")
    po = PurchaseOrder.objects.get(number=portal.fresh_a)
    assert (po.status, po.declined_reason) == ("declined", "No oak this month")


def test_a_forbidden_move_is_refused_with_a_message_and_nothing_changes(client_a, portal):
    before = state(portal.fresh_a)
    response = act(client_a, portal.fresh_a, "complete")
    assert response.status_code == 302
    assert state(portal.fresh_a) == before
    body = client_a.get(detail(portal.fresh_a)).content.decode()
    assert "Cannot move" in body or "not allowed" in body.lower()


def test_start_gives_item_codes_with_labels(client_a, portal):
    act(client_a, portal.fresh_a, "accept")
    act(client_a, portal.fresh_a, "start")
    codes = list(
        ProductionItem.objects.filter(purchase_order_number=portal.fresh_a).values_list(
            "code", flat=True
        )
    )
    assert len(codes) == 1
    body = client_a.get(detail(portal.fresh_a)).content.decode()
    assert codes[0] in body
    printable = client_a.get(reverse("portal:labels_print", kwargs={"number": portal.fresh_a}))
    assert codes[0] in printable.content.decode()
    pdf = client_a.get(reverse("portal:labels_pdf", kwargs={"number": portal.fresh_a}))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_labels_before_production_are_404(client_a, portal):
    url = reverse("portal:labels_pdf", kwargs={"number": portal.fresh_a})
    assert client_a.get(url).status_code == 404


def test_messages_and_file_download(client_a, portal):
    url = reverse("portal:message_post", kwargs={"number": portal.po_a})
    client_a.post(url, {"body": "Frame glued today"})
    assert state(portal.po_a)["messages"] == 2
    body = client_a.get(detail(portal.po_a)).content.decode()
    assert "Frame glued today" in body
    assert "Hello A" in body
    before = state(portal.po_a)
    client_a.post(url, {"body": "   "})
    assert state(portal.po_a) == before
    response = client_a.get(
        reverse("portal:file_download", kwargs={"number": portal.po_a, "file_id": portal.file_id})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("decision", "status"), [("accept", "accepted"), ("refuse", "refused")])
def test_proposed_revisions_are_answered(client_a, portal, decision, status):
    kwargs = {"number": portal.po_a, "change_ref": portal.change_ref, "decision": decision}
    url = reverse("portal:revision_decide", kwargs=kwargs)
    if decision == "refuse":
        client_a.post(url, {"reason": ""})
        assert state(portal.po_a)["revisions"] == ["proposed"]
    client_a.post(url, {"reason": "Linen is out of stock"})
    assert state(portal.po_a)["revisions"] == [status]


def test_rework_shows_defects_and_photos_and_is_marked_done(client_a, portal):
    body = client_a.get(detail(portal.po_a)).content.decode()
    assert "Scratch on the left arm" in body
    photo = reverse(
        "portal:quality_photo",
        kwargs={
            "number": portal.po_a,
            "code": portal.rework_code,
            "photo_id": portal.quality_photo_id,
        },
    )
    assert photo in body
    assert client_a.get(photo).status_code == 200
    url = reverse("portal:rework_done", kwargs={"number": portal.po_a, "code": portal.rework_code})
    client_a.post(url)
    item = ProductionItem.objects.get(code=portal.rework_code)
    assert (item.status, item.round) == ("completed", 2)
    before = state(portal.po_a)
    client_a.post(url)  # not in rework any more: refused, nothing changes
    assert state(portal.po_a) == before


def test_completion_photo_is_streamed(client_a, portal):
    url = reverse(
        "portal:completion_photo",
        kwargs={"number": portal.po_a, "photo_id": portal.completion_photo_id},
    )
    response = client_a.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_profile_edit_and_contacts(client_a, portal):
    body = client_a.get("/portal/profile/").content.decode()
    assert "Paolo" in body
    response = client_a.post(
        "/portal/profile/", {"city": "Cantù", "lead_time_days": 35, "capabilities": "joinery"}
    )
    assert response.status_code == 302
    portal.world.a.refresh_from_db()
    assert (portal.world.a.city, portal.world.a.lead_time_days) == ("Cantù", 35)
    client_a.post("/portal/profile/", {"city": "X", "lead_time_days": 0})
    portal.world.a.refresh_from_db()
    assert portal.world.a.city == "Cantù"
    client_a.post("/portal/profile/contacts/", {"name": "Lucia", "email": "l@a.test"})
    assert "Lucia" in client_a.get("/portal/profile/").content.decode()
