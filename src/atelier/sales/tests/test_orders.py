"""Order changes after checkout: cancellation (stock and promotions given back), contact
and addresses only where allowed (recorded in the history), guest orders joining a
verified account, unpaid orders expiring."""

from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.utils import timezone

from atelier.accounts.tests.factories import make_user
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.core.statemachine import history
from atelier.inventory import facade as inventory
from atelier.sales import services, tasks
from atelier.sales.enums import OrderStatus
from atelier.sales.models import SalesOrder
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, SYSTEM, actor, counts

pytestmark = pytest.mark.django_db
D = Decimal
REP = actor(Role.CUSTOMER_SERVICE_MANAGER, user_id=None)


def _order(email="guest@example.com", quantity=1):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=quantity, actor=GUEST)
    return services.cart_checkout(
        cart=cart,
        email=email,
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    ).order


def test_cancelling_gives_the_stock_back(world):
    order = _order(quantity=2)
    services.order_cancel(order=order, reason="Customer asked.", actor=REP)
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_at is not None
    assert inventory.reservation_for(order.number).statuses == {"released"}
    assert history(order)[len(history(order)) - 1].reason == "Customer asked."


def test_cancelling_a_sent_order_needs_a_reason(world):
    order = _order()
    before = counts()
    with pytest.raises(ValidationFailed):
        services.order_cancel(order=order, reason=" ", actor=REP)
    assert counts() == before


def test_a_customer_cannot_cancel(world):
    customer = make_user(Role.CUSTOMER, "c@example.com")
    order = _order()
    with pytest.raises(PermissionDenied):
        services.order_cancel(
            order=order, reason="no", actor=actor(Role.CUSTOMER, user_id=customer.pk)
        )


def test_contact_changes_are_recorded_in_the_history(world):
    order = _order()
    services.order_update_contact(
        order=order, email="new@example.com", phone="+33 6 12 34 56 78", actor=REP
    )
    order.refresh_from_db()
    assert order.email == "new@example.com"
    assert str(order.phone) == "+33612345678"
    last = list(history(order))[-1]
    assert last.from_status == last.to_status == "sent"
    assert "guest@example.com → new@example.com" in last.reason


def test_the_delivery_address_may_not_leave_the_tax_destination_once_sent(world):
    order = _order()
    services.order_update_addresses(
        order=order, shipping_address={**ADDRESS_FR, "line1": "3 quai Voltaire"}, actor=REP
    )
    order.refresh_from_db()
    assert order.shipping_address.line1 == "3 quai Voltaire"
    before = counts()
    with pytest.raises(Conflict):
        services.order_update_addresses(
            order=order, shipping_address={**ADDRESS_FR, "country": "DE"}, actor=REP
        )
    assert counts() == before


def test_nothing_changes_on_a_cancelled_order(world):
    order = services.order_cancel(order=_order(), reason="x", actor=REP)
    with pytest.raises(Conflict):
        services.order_update_contact(order=order, email="x@example.com", actor=REP)


def test_guest_orders_join_an_account_only_for_a_verified_address(world):
    _order(email="Ines@Example.com")
    user = make_user(Role.CUSTOMER, "ines@example.com")
    EmailAddress.objects.filter(user=user).update(verified=False)

    assert services.orders_claim_for_verified_email(user=user, email="ines@example.com") == 0
    assert SalesOrder.objects.filter(customer=user).count() == 0

    address = EmailAddress.objects.get(user=user)
    address.verified = True
    address.save()
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert SalesOrder.objects.filter(customer=user).count() == 1


def test_unpaid_orders_are_cancelled_after_the_timeout(world, settings):
    settings.ORDER_PAYMENT_TIMEOUT_MINUTES = 60
    old, fresh = _order(), _order()
    SalesOrder.objects.filter(pk=old.pk).update(
        payment_due_at=timezone.now() - timedelta(minutes=1)
    )
    assert tasks.orders_cancel_unpaid() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == OrderStatus.CANCELLED
    assert fresh.status == OrderStatus.SENT
    assert inventory.reservation_for(old.number).statuses == {"released"}


def test_an_order_confirmed_by_hand_does_not_expire(world):
    order = _order()
    services.order_confirm(order=order, actor=REP)
    SalesOrder.objects.filter(pk=order.pk).update(
        payment_due_at=timezone.now() - timedelta(minutes=1)
    )
    assert services.orders_cancel_unpaid(actor=SYSTEM) == 0
