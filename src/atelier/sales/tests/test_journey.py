"""End to end through the services and the real payment webhook path: a guest buys a
lamp, pays on the offline provider's page, and the order is paid, invoiced (numbered,
with a PDF) and confirmed by e-mail."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from atelier.core import outbox
from atelier.core.models import OutboxMessage
from atelier.core.statemachine import history
from atelier.inventory import facade as inventory
from atelier.sales import services
from atelier.sales.enums import OrderStatus
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST
from atelier.sales.tests.payments import pay_offline

pytestmark = pytest.mark.django_db
D = Decimal


def test_guest_buys_a_lamp_and_pays_online(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    with django_capture_on_commit_callbacks(execute=True):
        cart = services.cart_create(actor=GUEST, region_code="eu")
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
        result = services.cart_checkout(
            cart=cart,
            email="guest@example.com",
            shipping_address=ADDRESS_FR,
            shipping_method="standard",
            idempotency_key="journey-1",
            actor=GUEST,
        )
        pay_offline(client, result.payment)

    order = result.order
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.amount_paid == order.total_gross == D("545.00")
    assert [c.to_status for c in history(order)] == ["sent", "confirmed", "invoiced", "paid"]
    (invoice,) = order.invoices.all()
    assert re.fullmatch(r"INV-\d{4}-000001", invoice.number)
    assert invoice.total_gross == D("545.00")
    assert invoice.pdf.read(5) == b"%PDF-"
    assert [line.description for line in invoice.lines.all()][-1] == "Delivery: Standard delivery"
    assert inventory.reservation_for(order.number).statuses == {"confirmed"}

    assert outbox.dispatch_due()["sent"] >= 1
    (email,) = [m for m in mail.outbox if order.number in m.subject]
    assert email.to == ["guest@example.com"]
    assert "545.00 EUR" in email.body
    assert email.alternatives[0][1] == "text/html"
    assert OutboxMessage.objects.filter(idempotency_key__contains=order.number).count() == 1
