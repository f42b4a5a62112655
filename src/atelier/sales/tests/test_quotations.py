"""Quotations made in a boutique: lines priced by pricing, sending, payment links by
e-mail and SMS through the outbox, paid through the link."""

from decimal import Decimal
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from atelier.accounts.tests.factories import make_user
from atelier.catalog.enums import Channel
from atelier.catalog.tests.factories import ProductFactory, VariantFactory
from atelier.core import outbox
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role
from atelier.integrations.sms.console import ConsoleSms
from atelier.pricing.tests.factories import PriceEntryFactory
from atelier.sales import services
from atelier.sales.enums import OrderChannel, OrderStatus
from atelier.sales.tests.helpers import ADDRESS_FR, actor, counts

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def rep(world):
    user = make_user(Role.SALES_REPRESENTATIVE, "rep@atelier.test", boutiques=["paris"])
    return actor(Role.SALES_REPRESENTATIVE, boutiques=[world.paris.pk], user_id=user.pk)


@pytest.fixture
def boutique_piece(world):
    """A piece published for boutiques only."""
    variant = VariantFactory(
        sku="SHOWROOM-1", product=ProductFactory(published=[Channel.BOUTIQUES])
    )
    PriceEntryFactory(price_list=world.eu.price_list, variant=variant, amount=D("1200"))
    return variant


def _quotation(rep, **kwargs):
    fields = {"email": "client@example.com", "phone": "+33 6 12 34 56 78", "actor": rep}
    return services.quotation_create(**{**fields, **kwargs})


def test_a_representative_builds_and_sends_a_quotation(world, rep, boutique_piece):
    order = _quotation(rep)
    assert (order.status, order.channel, order.boutique_id) == (
        OrderStatus.DRAFT,
        OrderChannel.BOUTIQUES,
        world.paris.pk,
    )
    services.quotation_add_line(order=order, sku="SHOWROOM-1", quantity=2, actor=rep)
    services.quotation_add_line(
        order=order, sku="ARIA-240", quantity=1, options={"fabric": "mohair"}, actor=rep
    )
    services.quotation_set_delivery(
        order=order, shipping_method="white_glove", shipping_address=ADDRESS_FR, actor=rep
    )
    order = services.quotation_send(order=order, actor=rep)

    order.refresh_from_db()
    assert order.status == OrderStatus.SENT
    assert [line.ref for line in order.lines.all()] == ["L1", "L2"]
    # 2 x 1 200 + (2 490 + 350) + white glove 350
    assert order.total_gross == D("5590.00")
    assert order.sales_rep_id == rep.user_id


def test_lines_can_change_only_while_draft(world, rep):
    order = _quotation(rep)
    line = services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=rep)
    services.quotation_update_line(order=order, line_ref=line.ref, quantity=3, actor=rep)
    order.refresh_from_db()
    assert order.total_gross == D("1350.00")
    services.quotation_send(order=order, actor=rep)
    before = counts()
    with pytest.raises(Conflict):
        services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=rep)
    assert counts() == before
    services.quotation_revise(order=order, reason="Client wants two.", actor=rep)
    services.quotation_update_line(order=order, line_ref="L1", quantity=2, actor=rep)
    order.refresh_from_db()
    assert order.total_gross == D("900.00")


def test_an_empty_quotation_cannot_be_sent(world, rep):
    order = _quotation(rep)
    with pytest.raises(ValidationFailed):
        services.quotation_send(order=order, actor=rep)


def test_a_quotation_for_another_boutique_is_refused(world, rep):
    with pytest.raises(NotFound):
        _quotation(rep, boutique_id=world.new_york.pk)


def test_only_staff_who_manage_orders_make_quotations(world):
    with pytest.raises(PermissionDenied):
        _quotation(actor(Role.ACCOUNTING_MANAGER))


def test_a_private_piece_is_offered_only_to_a_granted_customer(world, rep):
    stranger = _quotation(rep)
    with pytest.raises(NotFound):
        services.quotation_add_line(order=stranger, sku="SECRET-1", quantity=1, actor=rep)
    collector = make_user(Role.CUSTOMER, "collector@example.com")
    world.collection.granted_users.add(collector)
    order = _quotation(rep, customer=collector, email="")
    assert order.email == "collector@example.com"
    services.quotation_add_line(order=order, sku="SECRET-1", quantity=1, actor=rep)


def test_payment_link_by_email_then_paid_through_it(
    world, rep, client, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    order = _quotation(rep)
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=rep)
    services.quotation_send(order=order, actor=rep)

    url = services.payment_link_send(order=order, via="email", actor=rep)

    outbox.dispatch_due()
    (email,) = mail.outbox
    assert url in email.body
    assert email.to == ["client@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(urlparse(url).path, {"action": "succeed"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert order.invoices.count() == 1


def test_payment_link_by_sms_goes_through_the_console_provider(world, rep, settings):
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    ConsoleSms.sent.clear()
    order = _quotation(rep)
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=rep)
    services.quotation_send(order=order, actor=rep)

    url = services.payment_link_send(order=order, via="sms", actor=rep)

    assert OutboxMessage.objects.get(channel="sms").payload["to"] == "+33612345678"
    outbox.dispatch_due()
    (sms,) = ConsoleSms.sent
    assert url in sms["body"]


def test_a_payment_link_needs_a_sent_quotation(world, rep):
    order = _quotation(rep)
    services.quotation_add_line(order=order, sku="LUMEN-1", quantity=1, actor=rep)
    with pytest.raises(Conflict):
        services.payment_link_send(order=order, via="email", actor=rep)


def test_a_quotation_for_a_verified_address_joins_that_account(world, rep):
    user = make_user(Role.CUSTOMER, "ines@example.com")
    EmailAddress.objects.filter(user=user).update(verified=True)
    order = _quotation(rep, email="Ines@Example.com")
    assert order.customer_id == user.pk


def test_a_quotation_for_an_unverified_address_stays_a_guest_order(world, rep):
    user = make_user(Role.CUSTOMER, "ines@example.com")
    EmailAddress.objects.filter(user=user).update(verified=False)
    order = _quotation(rep, email="ines@example.com")
    assert order.customer_id is None
