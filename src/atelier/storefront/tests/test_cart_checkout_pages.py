"""The cart, checkout and order pages over HTTP, with the real services, the offline
payment provider's hosted page and its webhook path.

The world (sales' test builder): the Lumen lamp (LUMEN-1, €450 VAT incl., 5 in the
warehouse), the Aria sofa made to order (ARIA-240, €2 490, mohair +€350), EU (FR, DE)
and US (sales tax by state) regions, standard (€95) and white-glove (€350) delivery.
"""

from __future__ import annotations

import re
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.test import Client

from atelier.accounts.tests.factories import make_user
from atelier.core import outbox
from atelier.core.roles import Role
from atelier.sales.enums import OrderStatus
from atelier.sales.models import Invoice, SalesOrder
from atelier.sales.services.notifications import order_url
from atelier.sales.tests.helpers import counts, make_world

pytestmark = pytest.mark.django_db
D = Decimal
HTMX = {"HTTP_HX_REQUEST": "true"}
ADDRESS = {
    "shipping-name": "Camille Martin",
    "shipping-line1": "12 rue du Bac",
    "shipping-postcode": "75007",
    "shipping-city": "Paris",
    "shipping-country": "FR",
}


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path, monkeypatch, settings):
    """Invoice PDFs in a temporary folder; e-mails wait in the outbox until dispatched."""
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(Invoice._meta.get_field("pdf"), "storage", storage)
    settings.OUTBOX_DISPATCH_ON_COMMIT = False


@pytest.fixture
def world(db):
    return make_world()


def csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def checkout_key(html: str) -> str:
    return re.search(r'name="checkout_key" value="([^"]+)"', html).group(1)


def in_cart(client, world, sku_variant=None, quantity=1):
    variant = sku_variant or world.lamp
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})
    assert response.status_code == 302, response.content[:300]
    return response


def checkout_data(html: str, **overrides) -> dict:
    data = {
        "checkout_key": checkout_key(html),
        "email": "camille@example.com",
        "phone": "",
        **ADDRESS,
        "shipping_method": "standard",
        "billing_same": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def pay(client, location: str, capture) -> str:
    """What the payer does on the offline hosted page; returns where it sends them."""
    page = client.get(urlparse(location).path)
    assert page.status_code == 200
    data = {"action": "succeed", "csrfmiddlewaretoken": csrf(page.content.decode())}
    with capture(execute=True):
        paid = client.post(urlparse(location).path, data)
    assert paid.status_code == 302
    return paid["Location"]


def local(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


# --- The guest journey -----------------------------------------------------------------


def test_a_guest_buys_a_lamp_from_the_home_page_to_the_confirmation(
    world, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    product_url = f"/products/{world.lamp.product.slug}/"

    home = client.get("/").content.decode()
    assert product_url in home
    product = client.get(product_url).content.decode()
    assert "Add to cart" in product
    assert 'formaction="/cart/add/"' in product

    added = client.post(
        "/cart/add/",
        {"csrfmiddlewaretoken": csrf(product), "variant": world.lamp.pk, "quantity": "2"},
    )
    assert (added.status_code, added["Location"]) == (302, "/cart/")

    cart = client.get("/cart/").content.decode()
    assert "Lumen lamp" in cart
    assert "Lumen lamp is in your cart." in cart
    assert "<dt>Subtotal</dt><dd>€900</dd>" in cart
    assert "<dt>Including VAT</dt><dd>€150</dd>" in cart
    assert "Standard delivery" in cart
    assert "€95" in cart

    page = client.get("/checkout/").content.decode()
    assert "Continue to payment" in page
    data = checkout_data(page, csrfmiddlewaretoken=csrf(page))
    with django_capture_on_commit_callbacks(execute=True):
        placed = client.post("/checkout/", data)
    assert placed.status_code == 303
    assert "/pay/offline/" in placed["Location"]

    back = pay(client, placed["Location"], django_capture_on_commit_callbacks)
    order = SalesOrder.objects.get()
    assert local(back).startswith(f"/orders/{order.number}/?token=")
    assert "redirect_status=succeeded" in back

    confirmation = client.get(local(back))
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Thank you — your order is confirmed" in html
    assert f"Order {order.number}" in html
    assert "<dt>Total</dt><dd>€995</dd>" in html  # 2 x 450 + 95
    assert f"Invoice {order.invoices.get().number}" in html

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.amount_paid == order.total_gross == D("995.00")

    assert outbox.dispatch_due()["sent"] >= 1
    (email,) = [m for m in mail.outbox if order.number in m.subject]
    assert email.to == ["camille@example.com"]
    assert "995.00 EUR" in email.body
    html_part, mime = email.alternatives[0]
    assert mime == "text/html"
    assert order.number in html_part
    link = re.search(r"https?://\S+/orders/\S+\?token=\w+", email.body).group(0)
    assert client.get(local(link)).status_code == 200


def test_a_made_to_order_sofa_says_when_the_workshop_begins(world, client):
    sofa_page = client.get(f"/products/{world.sofa.product.slug}/?option-fabric=mohair")
    assert "Add to cart" in sofa_page.content.decode()
    client.post("/cart/add/", {"variant": world.sofa.pk, "quantity": 1, "option-fabric": "mohair"})

    cart = client.get("/cart/").content.decode()
    assert "Mohair" in cart
    assert "Made to order — about 8 weeks" in cart

    page = client.get("/checkout/").content.decode()
    placed = client.post("/checkout/", checkout_data(page, shipping_method="white_glove"))
    assert placed.status_code == 303
    order = SalesOrder.objects.get()
    assert order.total_gross == D("3190.00")  # 2 490 + 350 mohair + 350 white glove

    html = client.get(local(order_url(order))).content.decode()
    assert "Awaiting your payment" in html
    assert "Your workshop begins once your payment is confirmed" in html
    assert "in about 8 weeks" in html


def test_an_order_awaiting_payment_leads_back_to_its_payment(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    placed = client.post("/checkout/", checkout_data(page))
    order = SalesOrder.objects.get()
    url = local(order_url(order))

    html = client.get(url).content.decode()
    assert "Awaiting your payment" in html
    assert "Complete your payment" in html
    again = client.post(url.replace(f"/{order.number}/", f"/{order.number}/pay/"))

    assert again.status_code == 303
    assert again["Location"] == placed["Location"]  # the same payment, not a second one
    stranger = Client().post(f"/orders/{order.number}/pay/")
    assert stranger.status_code == 404


def test_with_stripe_the_payer_goes_to_the_payment_element_page(world, client, monkeypatch):
    from atelier.payments.dto import PaymentStart
    from atelier.sales import paying

    element_page = "http://testserver/pay/6f1c0d52-5d1e-4a8e-9d0a-1b2c3d4e5f60/"
    started = PaymentStart(
        payment_id="PAY-2026-000001",
        provider="stripe",
        client_secret="pi_123_secret_456",
        redirect_url=element_page,
        publishable_key="pk_test_123",
    )
    monkeypatch.setattr(paying, "start", lambda **kwargs: started)
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()

    placed = client.post("/checkout/", checkout_data(page))

    assert placed.status_code == 303
    assert placed["Location"] == element_page  # payments' page mounting Stripe's element


def test_a_double_submit_makes_one_order(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    data = checkout_data(page)

    first = client.post("/checkout/", data)
    second = client.post("/checkout/", data)

    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    assert SalesOrder.objects.count() == 1


def test_a_new_submit_of_an_ordered_cart_is_refused_kindly(world, client):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    client.post("/checkout/", checkout_data(page))

    again = client.post("/checkout/", checkout_data(page, checkout_key="web-another-key"))

    assert again.status_code == 302
    assert again["Location"] == "/cart/"
    assert SalesOrder.objects.count() == 1
    follow = client.get("/cart/").content.decode()
    assert "This cart has already been ordered" in follow


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": ""}, "email", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"shipping-name": ""}, "shipping-name", "This field is required."),
        ({"shipping-country": "US"}, "shipping-country", "Select a valid choice."),
        ({"shipping_method": ""}, "shipping_method", "Choose how you would like it delivered."),
        ({"phone": "12"}, "phone", "Enter a valid phone number."),
        ({"shipping_method": "drone"}, "shipping_method", "Select a valid choice."),
        ({"billing_same": None}, "billing-name", "This field is required."),
    ],
)
def test_bad_checkout_input_is_refused_beside_its_field_and_writes_nothing(
    world, client, change, field, message
):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    before = counts()

    response = client.post("/checkout/", checkout_data(page, **change))

    html = response.content.decode()
    assert response.status_code == 422
    assert "Please check the fields marked below." in html
    assert re.search(rf'id="id_{field}_error">[^<]*{re.escape(message)}', html)
    assert counts() == before
    assert checkout_key(html) == checkout_key(page)  # the same one-time key, still unused


def test_checkout_with_an_empty_cart_goes_back_to_the_cart(world, client):
    response = client.get("/checkout/")

    assert (response.status_code, response["Location"]) == (302, "/cart/")


def test_the_checkout_summary_is_repriced_for_the_delivery_chosen(world, client):
    in_cart(client, world)

    summary = client.get(
        "/checkout/?shipping-country=FR&shipping_method=white_glove", **HTMX
    ).content.decode()

    assert "<dt>White-glove delivery</dt><dd>€350</dd>" in summary
    assert "<dt>Total</dt><dd>€800</dd>" in summary
    assert "<form" not in summary  # the fragment only


# --- The cart in place (htmx) ----------------------------------------------------------


def test_quantity_and_removal_change_the_cart_in_place(world, client):
    in_cart(client, world)
    page = client.get("/cart/").content.decode()
    line_id = re.search(r'action="/cart/lines/(\d+)/"', page).group(1)

    updated = client.post(f"/cart/lines/{line_id}/", {"quantity": "3"}, **HTMX)
    html = updated.content.decode()
    assert updated.status_code == 200
    assert "<dt>Subtotal</dt><dd>€1,350</dd>" in html
    assert '<div id="cart-status" hx-swap-oob="innerHTML">Quantity updated.</div>' in html
    assert "<html" not in html

    removed = client.post(f"/cart/lines/{line_id}/remove/", **HTMX).content.decode()
    assert "Your cart is empty" in removed


@pytest.mark.parametrize(
    ("quantity", "message"),
    [("0", "At least 1"), ("100", "At most 99"), ("two", "Enter a whole number.")],
)
def test_a_bad_quantity_is_refused_beside_the_line(world, client, quantity, message):
    in_cart(client, world)
    page = client.get("/cart/").content.decode()
    line_id = re.search(r'action="/cart/lines/(\d+)/"', page).group(1)
    before = counts()

    response = client.post(f"/cart/lines/{line_id}/", {"quantity": quantity}, **HTMX)

    assert response.status_code == 422
    assert re.search(
        rf'id="line-error-{line_id}" class="field__error">{message}', response.content.decode()
    )
    assert counts() == before


def test_without_script_a_change_redirects_back_with_a_message(world, client):
    in_cart(client, world)
    page = client.get("/cart/").content.decode()
    line_id = re.search(r'action="/cart/lines/(\d+)/"', page).group(1)

    response = client.post(f"/cart/lines/{line_id}/", {"quantity": "2"}, follow=True)

    assert response.redirect_chain == [("/cart/", 302)]
    assert "Quantity updated." in response.content.decode()


def test_an_unknown_discount_code_is_refused_with_a_clear_message(world, client):
    in_cart(client, world)
    before = counts()

    response = client.post("/cart/discount/", {"code": "NOPE"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_code-error"' in html
    assert 'aria-invalid="true"' in html
    assert "NOPE" in html or "code" in html.lower()
    assert counts() == before


def test_a_valid_discount_code_is_applied_and_can_be_removed(world, client):
    from datetime import timedelta

    from django.utils import timezone

    from atelier.catalog.tests.factories import MANAGER
    from atelier.pricing.promotions.services import promotion_create

    promotion_create(
        name="Welcome",
        kind="percentage",
        code="WELCOME10",
        percentage=D("10"),
        starts_at=timezone.now() - timedelta(days=1),
        actor=MANAGER,
    )
    in_cart(client, world, quantity=2)

    applied = client.post("/cart/discount/", {"code": "WELCOME10"}, **HTMX).content.decode()
    assert "Code WELCOME10 applied." in applied
    assert '<span class="tag">WELCOME10</span>' in applied
    assert "<dt>Welcome</dt><dd>\N{MINUS SIGN}€90</dd>" in applied
    assert "<dd>€810</dd>" in applied

    removed = client.post("/cart/discount/remove/", **HTMX).content.decode()
    assert '<span class="tag">WELCOME10</span>' not in removed


def test_an_empty_code_is_refused(world, client):
    in_cart(client, world)

    response = client.post("/cart/discount/", {"code": ""}, **HTMX)

    assert response.status_code == 422
    assert "Enter a discount code." in response.content.decode()


def test_us_prices_show_sales_tax_once_the_state_is_known(world, client):
    client.cookies["atelier_region"] = "us"
    in_cart(client, world)

    before = client.get("/cart/").content.decode()
    assert "<dt>Sales tax</dt><dd>Calculated at checkout</dd>" in before
    assert "Including VAT" not in before

    after = client.get("/cart/?country=US&state=CA", **HTMX).content.decode()
    assert "<dt>Sales tax</dt><dd>$36.25</dd>" in after  # 7.25 % of $500


# --- Adding to the cart ----------------------------------------------------------------


def test_add_to_cart_with_htmx_answers_in_place(world, client):
    response = client.post("/cart/add/", {"variant": world.lamp.pk, "quantity": 1}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Lumen lamp is in your cart." in html
    assert 'href="/checkout/"' in html
    assert response.cookies["atelier_cart"].value


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"variant": "999999", "quantity": 1}, "This piece cannot be ordered online."),
        ({"variant": "", "quantity": 1}, "Choose a version."),
        ({"quantity": 0, "variant": "1"}, "At least 1"),
    ],
)
def test_add_to_cart_refusals_are_explained(world, client, data, message):
    before = counts()

    response = client.post("/cart/add/", data, **HTMX)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert counts()["CartLine"] == before["CartLine"]


def test_a_private_piece_cannot_be_added_by_a_guest(world, client):
    response = client.post("/cart/add/", {"variant": world.secret.pk, "quantity": 1}, **HTMX)

    assert response.status_code == 422
    assert "This piece cannot be ordered online." in response.content.decode()


def test_an_invalid_configuration_is_refused(world, client):
    response = client.post(
        "/cart/add/",
        {"variant": world.sofa.pk, "quantity": 1, "option-fabric": "velvet"},
        **HTMX,
    )

    assert response.status_code == 422
    assert counts()["CartLine"] == 0


# --- Who sees an order -----------------------------------------------------------------


def _paid_order(client, world, capture, *, email="camille@example.com"):
    in_cart(client, world)
    page = client.get("/checkout/").content.decode()
    with capture(execute=True):
        placed = client.post("/checkout/", checkout_data(page, email=email))
    back = pay(client, placed["Location"], capture)
    return SalesOrder.objects.get(email=email), local(back)


def test_an_order_page_answers_404_without_its_token(world, django_capture_on_commit_callbacks):
    guest = Client()
    order, url = _paid_order(guest, world, django_capture_on_commit_callbacks)
    stranger = Client()

    assert guest.get(url).status_code == 200
    assert stranger.get(f"/orders/{order.number}/").status_code == 404
    assert stranger.get(f"/orders/{order.number}/?token=forged").status_code == 404
    assert stranger.get("/orders/SO-2099-000999/").status_code == 404


def test_the_invoice_pdf_is_for_the_orders_holder_only(world, django_capture_on_commit_callbacks):
    guest = Client()
    order, url = _paid_order(guest, world, django_capture_on_commit_callbacks)
    invoice = order.invoices.get()
    token = url.split("token=")[1].split("&")[0]
    pdf_url = f"/orders/{order.number}/invoices/{invoice.number}/"

    download = guest.get(f"{pdf_url}?token={token}")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")

    other = Client()
    other.force_login(make_user(Role.CUSTOMER, "other@example.com"))
    assert other.get(pdf_url).status_code == 404
    assert Client().get(pdf_url).status_code == 404
    assert (
        guest.get(f"/orders/{order.number}/invoices/INV-2099-000001/?token={token}").status_code
        == 404
    )


def test_a_guest_cart_cannot_be_reached_by_another_visitor(world, client):
    in_cart(client, world)
    stranger = Client()
    stranger.cookies["atelier_cart"] = "x" * 43  # a made-up token

    page = stranger.get("/cart/").content.decode()

    assert "Your cart is empty" in page


def test_cart_and_checkout_answer_with_the_site_shell_and_no_index(world, client):
    in_cart(client, world)
    for url in ("/cart/", "/checkout/"):
        html = client.get(url).content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert 'class="site-header"' in html


def test_the_cart_link_appears_in_the_header(world, client):
    html = client.get("/").content.decode()

    assert '<a href="/cart/">Cart</a>' in html


def test_a_guest_cart_line_count_is_unchanged_by_a_get(world, client):
    before = counts()
    client.get("/cart/")
    client.get("/checkout/")

    assert counts() == before
