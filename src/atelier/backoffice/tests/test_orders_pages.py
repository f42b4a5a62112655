"""The back office's order pages: search (scoped, filtered, constant queries), the order
page (buttons from the state machine, edits only where the state allows them), and the
assisted sale paid by the customer through a payment link.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.utils import timezone

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import activate_totp, make_user
from atelier.catalog.enums import PublicationStatus
from atelier.catalog.models import ProductPublication
from atelier.core import outbox
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.sales import services
from atelier.sales.enums import OrderStatus
from atelier.sales.models import Invoice, OrderLine, SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, counts, make_world

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path, monkeypatch, settings):
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Invoice._meta.get_field("pdf"), "storage", storage)
    settings.OUTBOX_DISPATCH_ON_COMMIT = False


@pytest.fixture
def world(db):
    world = make_world()
    # Sold in the boutiques too (assisted sales are the "boutiques" channel).
    ProductPublication.objects.filter(channel="boutiques").update(
        status=PublicationStatus.PUBLISHED
    )
    return world


def sign_in(client, role, email=None, **scope):
    user = make_user(role, email, **scope)
    if role in (Role.ADMIN, Role.SUPER_ADMIN):
        activate_totp(user)
    client.force_login(user)
    return user


def quotation(user, boutique, email="client@example.com", *, sku=None):
    actor = actor_for(user)
    order = services.quotation_create(email=email, boutique_id=boutique.pk, actor=actor)
    if sku:
        services.quotation_add_line(order=order, sku=sku, quantity=1, actor=actor)
    return order


def online_order(email="guest@example.com", name="Camille Martin"):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    result = services.cart_checkout(
        cart=cart,
        email=email,
        shipping_address={**ADDRESS_FR, "name": name},
        shipping_method="standard",
        actor=GUEST,
    )
    return result.order


def messages_of(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def listed(response) -> list[str]:
    return [order.number for order in response.context["page"].object_list]


@pytest.fixture
def three(world):
    """A quotation in Paris, one in New York, and an online order of the EU region."""
    paris_rep = make_user(Role.SALES_REPRESENTATIVE, "rep.paris@atelier.test", boutiques=["paris"])
    ny_rep = make_user(Role.SALES_REPRESENTATIVE, "rep.ny@atelier.test", boutiques=["new-york"])
    return {
        "paris": quotation(paris_rep, world.paris, "paris@example.com"),
        "new_york": quotation(ny_rep, world.new_york, "ny@example.com"),
        "online": online_order(),
        "paris_rep": paris_rep,
    }


# --- Search: role x row -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "scope", "expected"),
    [
        (Role.SALES_REPRESENTATIVE, {"boutiques": ["paris"]}, {"paris"}),
        (Role.STORE_MANAGER, {"boutiques": ["new-york"]}, {"new_york"}),
        (Role.SALES_DIRECTOR, {"regions": ["eu"]}, {"paris", "online"}),
        (Role.CUSTOMER_SERVICE_MANAGER, {}, {"paris", "new_york", "online"}),
        (Role.ACCOUNTING_MANAGER, {}, {"paris", "new_york", "online"}),
        (Role.QUALITY_CONTROLLER, {}, set()),
    ],
)
def test_search_lists_exactly_the_orders_in_scope(client, three, role, scope, expected):
    sign_in(client, role, **scope)

    response = client.get("/backoffice/orders/")

    assert response.status_code == 200
    assert set(listed(response)) == {three[k].number for k in expected}
    html = response.content.decode()
    for key in {"paris", "new_york", "online"} - expected:
        assert three[key].number not in html


def test_an_order_outside_the_scope_answers_404_like_a_missing_one(client, three):
    sign_in(client, Role.SALES_REPRESENTATIVE, boutiques=["paris"])
    other = three["new_york"].number

    assert client.get(f"/backoffice/orders/{three['paris'].number}/").status_code == 200
    assert client.get(f"/backoffice/orders/{other}/").status_code == 404
    assert client.get("/backoffice/orders/SO-2099-000001/").status_code == 404
    before = counts()
    for action, data in (
        ("lines", {"sku": "LUMEN-1", "quantity": 1}),
        ("contact", {"email": "x@example.com"}),
        ("status", {"to": "cancelled", "reason": "no"}),
        ("payment-link", {"via": "email"}),
    ):
        assert client.post(f"/backoffice/orders/{other}/{action}/", data).status_code == 404
    assert counts() == before


def test_customers_and_anonymous_visitors_are_kept_out(client, three):
    assert client.get("/backoffice/orders/").status_code == 302
    sign_in(client, Role.CUSTOMER, "buyer@example.com")
    assert client.get("/backoffice/orders/").status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "paris@example"}, {"paris"}),
        ({"q": "Camille"}, {"online"}),  # the name on the delivery address
        ({"status": "sent"}, {"online"}),
        ({"status": "draft"}, {"paris", "new_york"}),
    ],
)
def test_search_by_number_name_email_and_status(client, three, query, expected):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)

    response = client.get("/backoffice/orders/", query)

    assert set(listed(response)) == {three[k].number for k in expected}


def test_search_by_number_and_date_range(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    old = timezone.now() - timedelta(days=40)
    SalesOrder.objects.filter(pk=three["new_york"].pk).update(created_at=old)

    by_number = client.get("/backoffice/orders/", {"q": three["online"].number})
    recent = client.get("/backoffice/orders/", {"date_from": (old + timedelta(days=1)).date()})
    back_then = client.get("/backoffice/orders/", {"date_from": old.date(), "date_to": old.date()})

    assert listed(by_number) == [three["online"].number]
    assert set(listed(recent)) == {three["paris"].number, three["online"].number}
    assert listed(back_then) == [three["new_york"].number]


def test_a_bad_date_is_shown_and_the_list_is_not_filtered(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)

    response = client.get("/backoffice/orders/", {"date_from": "yesterday"})

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert len(listed(response)) == 3


def test_the_list_runs_a_constant_number_of_queries(client, world, django_assert_max_num_queries):
    rep = make_user(Role.SALES_REPRESENTATIVE, "rep.paris@atelier.test", boutiques=["paris"])
    for i in range(30):  # more than a page (25)
        quotation(rep, world.paris, f"client{i}@example.com")
    online_order()
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    client.get("/backoffice/orders/")  # warm the session and the actor

    with django_assert_max_num_queries(9):
        first = client.get("/backoffice/orders/")
    with django_assert_max_num_queries(9):
        second = client.get("/backoffice/orders/?page=2")

    assert len(listed(first)) == 25
    assert len(listed(second)) == 6
    assert "Page 1 of 2" in first.content.decode()


# --- The order page ---------------------------------------------------------------------


def buttons(response) -> list[str]:
    return re.findall(r'name="to" value="(\w+)"', response.content.decode())


def test_the_order_page_shows_lines_taxes_totals_and_history(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    order = three["online"]

    html = client.get(f"/backoffice/orders/{order.number}/").content.decode()

    assert "Lumen lamp" in html
    assert "LUMEN-1" in html
    assert "20 %" in html  # VAT rate of the line
    assert "<dt>Total net</dt><dd>454.17 EUR</dd>" in html
    assert "<dt>Tax</dt><dd>90.83 EUR</dd>" in html
    assert "545.00 EUR" in html
    assert "Camille Martin" in html
    assert "Standard delivery" in html
    assert "Quotation (draft) → Quotation sent" in html  # the status history
    assert "Payment terms: paid online at checkout" in html


def test_the_order_page_shows_the_customers_text_message_consent_and_language(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    order = three["online"]
    url = f"/backoffice/orders/{order.number}/"
    html = client.get(url).content.decode()
    assert "<dt>Text messages</dt><dd>Not agreed</dd>" in html
    assert "<dt>Language</dt><dd>—</dd>" in html

    SalesOrder.objects.filter(pk=order.pk).update(
        phone="+33612345678", sms_opt_in=True, language="fr"
    )
    html = client.get(url).content.decode()
    assert "<dt>Text messages</dt><dd>Agreed</dd>" in html
    assert "<dt>Language</dt><dd>FR</dd>" in html


def test_buttons_are_the_transitions_allowed_now(client, world, three):
    rep = three["paris_rep"]
    client.force_login(rep)
    order = three["paris"]
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=actor_for(rep))

    draft = client.get(f"/backoffice/orders/{order.number}/")
    assert buttons(draft) == ["sent", "cancelled"]
    assert "Add a piece" in draft.content.decode()

    client.post(f"/backoffice/orders/{order.number}/status/", {"to": "sent"})
    sent = client.get(f"/backoffice/orders/{order.number}/")
    assert buttons(sent) == ["draft", "confirmed", "cancelled"]
    html = sent.content.decode()
    assert "Add a piece" not in html
    assert "Lines change only while the quotation is a draft: revise it first." in html
    assert 'id="reason-cancelled"' in html  # cancelling a sent quotation needs a reason


def test_a_viewer_without_manage_orders_gets_no_buttons_and_no_forms(client, three):
    sign_in(client, Role.ACCOUNTING_MANAGER)

    response = client.get(f"/backoffice/orders/{three['paris'].number}/")

    assert buttons(response) == []
    assert "Add a piece" not in response.content.decode()
    assert "Change contact" not in response.content.decode()


def test_a_refused_edit_shows_the_reason_and_writes_nothing(client, world, three):
    rep = three["paris_rep"]
    client.force_login(rep)
    order = three["paris"]
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=actor_for(rep))
    services.quotation_send(order=order, actor=actor_for(rep))
    before = counts()

    added = client.post(
        f"/backoffice/orders/{order.number}/lines/", {"sku": "LUMEN-1", "quantity": 2}
    )
    cancelled = client.post(f"/backoffice/orders/{order.number}/status/", {"to": "cancelled"})
    bad_sku = client.post(f"/backoffice/orders/{order.number}/lines/", {"quantity": 1})

    assert "Only a draft quotation can change; revise it first." in messages_of(added)
    assert any("reason" in m.lower() for m in messages_of(cancelled))
    assert any(m.startswith("SKU:") for m in messages_of(bad_sku))
    assert counts() == before
    order.refresh_from_db()
    assert order.status == OrderStatus.SENT


def test_a_sent_quotation_is_revised_then_cancelled_with_a_reason(client, world, three):
    rep = three["paris_rep"]
    client.force_login(rep)
    order = three["paris"]
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=actor_for(rep))
    services.quotation_send(order=order, actor=actor_for(rep))

    client.post(f"/backoffice/orders/{order.number}/status/", {"to": "draft", "reason": "More"})
    client.post(f"/backoffice/orders/{order.number}/lines/L1/", {"quantity": 3})
    client.post(
        f"/backoffice/orders/{order.number}/status/",
        {"to": "cancelled", "reason": "Customer changed their mind"},
    )

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert OrderLine.objects.get(order=order).quantity == 3


def test_contact_changes_are_recorded_and_refused_when_invalid(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    order = three["online"]

    good = client.post(
        f"/backoffice/orders/{order.number}/contact/",
        {"email": "new@example.com", "phone": "+33612345678"},
    )
    bad = client.post(
        f"/backoffice/orders/{order.number}/contact/", {"email": "new@example.com", "phone": "12"}
    )

    assert "Contact details saved." in messages_of(good)
    assert any("valid phone number" in m for m in messages_of(bad))
    order.refresh_from_db()
    assert (order.email, str(order.phone)) == ("new@example.com", "+33612345678")
    html = client.get(f"/backoffice/orders/{order.number}/").content.decode()
    assert "Contact changed" in html


def test_a_sent_orders_delivery_address_changes_only_within_its_destination(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    order = three["online"]
    url = f"/backoffice/orders/{order.number}/shipping-address/"
    same_country = {
        f"shipping-{k}": v for k, v in {**ADDRESS_FR, "line1": "3 quai Voltaire"}.items()
    }
    abroad = {**same_country, "shipping-country": "DE", "shipping-city": "Berlin"}

    moved = client.post(url, same_country)
    refused = client.post(url, abroad)

    assert "Delivery address saved." in messages_of(moved)
    assert any("revise the quotation to deliver elsewhere" in m for m in messages_of(refused))
    order.refresh_from_db()
    assert (order.shipping_address.line1, str(order.shipping_address.country)) == (
        "3 quai Voltaire",
        "FR",
    )


def test_a_sent_orders_billing_address_is_saved_and_a_blank_form_is_refused(client, three):
    sign_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    order = three["online"]
    url = f"/backoffice/orders/{order.number}/billing/"
    billing = {f"billing-{k}": v for k, v in {**ADDRESS_FR, "line1": "8 rue Jacob"}.items()}
    before = order.billing_address_id

    refused = client.post(url, {"billing-line1": ""})
    order.refresh_from_db()
    assert order.billing_address_id == before
    assert messages_of(refused)
    saved = client.post(url, billing)

    assert "Billing address saved." in messages_of(saved)
    order.refresh_from_db()
    assert order.billing_address.line1 == "8 rue Jacob"


# --- The assisted sale ------------------------------------------------------------------


def test_an_assisted_sale_is_paid_by_the_customer_through_a_payment_link(
    client, world, django_capture_on_commit_callbacks
):
    rep = sign_in(client, Role.SALES_REPRESENTATIVE, "rep.paris@atelier.test", boutiques=["paris"])
    assert "New quotation" in client.get("/backoffice/orders/").content.decode()

    created = client.post(
        "/backoffice/orders/new/",
        {"email": "claire@example.com", "phone": "+33612345678", "boutique": world.paris.pk},
    )
    assert created.status_code == 302
    order = SalesOrder.objects.get(email="claire@example.com")
    assert (order.boutique, order.sales_rep, order.status) == (world.paris, rep, "draft")
    url = f"/backoffice/orders/{order.number}/"
    assert created["Location"] == url

    client.post(
        f"{url}lines/",
        {"sku": "ARIA-240", "quantity": 1, "options": "fabric=mohair", "width": "260"},
    )
    client.post(f"{url}delivery/", {"shipping_method": "white_glove", **ADDRESS_FR})
    client.post(f"{url}status/", {"to": "sent"})
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{url}payment-link/", {"via": "email"})
    assert "Payment link sent by e-mail to the customer." in messages_of(sent)

    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    assert order.total_gross == D("3270.00")  # 2 490 + mohair 350 + 2 x 40 width + 350 delivery
    outbox.dispatch_due()
    (email,) = [m for m in mail.outbox if m.to == ["claire@example.com"]]
    link = re.search(r"https?://\S+/pay/offline/\S+?/", email.body).group(0)

    customer = Client(enforce_csrf_checks=True)
    page = customer.get(urlparse(link).path)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        paid = customer.post(
            urlparse(link).path, {"action": "succeed", "csrfmiddlewaretoken": token.group(1)}
        )
    assert paid.status_code == 302

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    html = client.get(url).content.decode()
    assert '<span class="status status--paid">Paid</span>' in html
    assert not order.invoices.exists()  # made to order: a deposit until finalised (issue 8)
    from atelier.sales.services.made_to_order import line_finalise
    from atelier.sales.tests.helpers import actor as role_actor

    with django_capture_on_commit_callbacks(execute=True):
        line = order.lines.get()
        line_finalise(order=order, line_id=line.pk, actor=role_actor(Role.DESIGNER))
    html = client.get(url).content.decode()
    invoice = order.invoices.get()
    assert invoice.number in html
    download = client.get(f"{url}invoices/{invoice.number}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    other = Client()
    sign_in(other, Role.SALES_REPRESENTATIVE, "rep.ny@atelier.test", boutiques=["new-york"])
    assert other.get(url).status_code == 404
    assert other.get(f"{url}invoices/{invoice.number}/").status_code == 404


def test_a_payment_link_by_sms_goes_to_the_phone(client, world, django_capture_on_commit_callbacks):
    rep = sign_in(client, Role.SALES_REPRESENTATIVE, boutiques=["paris"])
    actor = actor_for(rep)
    order = services.quotation_create(
        email="sms@example.com", phone="+33612345678", boutique_id=world.paris.pk, actor=actor
    )
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=actor)
    services.quotation_send(order=order, actor=actor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/backoffice/orders/{order.number}/payment-link/", {"via": "sms"})

    assert "Payment link sent by SMS to the customer." in messages_of(response)
    message = OutboxMessage.objects.get(channel="sms")
    assert message.payload["to"] == "+33612345678"
    assert "/pay/offline/" in message.payload["body"]


def test_a_payment_link_for_a_draft_is_refused(client, world, three):
    client.force_login(three["paris_rep"])
    order = three["paris"]

    response = client.post(f"/backoffice/orders/{order.number}/payment-link/", {"via": "email"})

    assert any("Send the quotation first" in m for m in messages_of(response))
    assert not OutboxMessage.objects.filter(channel="email").exists()


def test_the_new_quotation_page_finds_a_returning_customer(client, three):
    client.force_login(three["paris_rep"])

    html = client.get("/backoffice/orders/new/", {"email": "paris@example.com"}).content.decode()

    assert three["paris"].number in html
    assert three["new_york"].number not in html


def test_a_role_without_a_boutique_cannot_make_quotations(client, world):
    sign_in(client, Role.ACCOUNTING_MANAGER)

    response = client.get("/backoffice/orders/new/")

    assert "You have no boutique to sell for" in response.content.decode()
    assert 'href="/backoffice/orders/new/"' not in client.get("/backoffice/").content.decode()
