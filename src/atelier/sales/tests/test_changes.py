"""Change after purchase (issue 8): priced on the order date, allowed only while
production allows it, settled by credit note + new invoice and a payment or a refund,
and every forbidden change refused with a reason, writing nothing."""

from decimal import Decimal

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_user
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.roles import Role
from atelier.pricing.models import DimensionPrice, OptionPrice
from atelier.sales import handlers
from atelier.sales.enums import ChangeStatus, OrderStatus, ProductionStage
from atelier.sales.models import ChangeRequest, CreditNote, Invoice, SalesOrder
from atelier.sales.services.changes import (
    change_request_accept,
    change_request_cancel,
    change_request_create,
)
from atelier.sales.services.made_to_order import line_finalise
from atelier.sales.tests.helpers import actor, counts
from atelier.sales.tests.mto import backdate, committed, money_totals, paid_sofa, pay

pytestmark = pytest.mark.django_db
D = Decimal
DESIGNER = actor(Role.DESIGNER)
STAFF = actor(Role.CUSTOMER_SERVICE_MANAGER)
PRODUCTION = actor(Role.PRODUCTION_MANAGER)


class PurchaseOrderEvent:  # purchasing's events, duck typed
    def __init__(self, order, to_status, n=1):
        self.number, self.order_ref, self.line_refs = f"PO-2026-{n:06d}", order.number, ("L1",)
        self.to_status, self.key = to_status, f"po:{order.number}:{to_status}:{n}"


class RevisionEvent:
    def __init__(self, change, reason=""):
        self.number, self.order_ref, self.line_ref = "PO-2026-000001", change.order.number, "L1"
        self.change_ref, self.reason = change.ref, reason
        self.key = f"rev:{change.ref}:{reason}"


@pytest.fixture
def customer(world):
    user = make_user(Role.CUSTOMER, "owner@example.com")
    return actor_for(user)


@pytest.fixture
def finalised(customer):
    """A paid sofa of `customer`, finalised (invoiced) in linen, width 240."""
    order = paid_sofa(actor=customer, email="owner@example.com")
    with committed():
        line_finalise(order=order, line_id=order.lines.get().pk, actor=DESIGNER)
    order.refresh_from_db()
    return order


def _balanced(order) -> bool:
    t = money_totals(SalesOrder.objects.get(pk=order.pk))
    return t["paid"] - t["refunded"] == t["invoiced"] - t["credited"]


def _stage(order, stage):
    with committed():
        handlers.on_purchase_order_status(PurchaseOrderEvent(order, stage))


def test_an_increase_is_paid_then_applied_with_a_credit_note_and_a_new_invoice(finalised, customer):
    line = finalised.lines.get()
    change = change_request_create(
        order=finalised, line_id=line.pk, options={"fabric": "mohair"}, actor=customer
    )
    assert change.difference == D("350.000")
    assert change.status == ChangeStatus.PROPOSED
    with committed():
        result = change_request_accept(change=change, actor=customer)
    assert result.payment.redirect_url
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_PAYMENT
    pay(result.payment)
    change.refresh_from_db()
    line.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert line.revision == 2
    assert line.configuration["options"][0]["choice_code"] == "mohair"
    assert CreditNote.objects.filter(order=finalised).count() == 1
    assert Invoice.objects.filter(order=finalised).count() == 2
    assert _balanced(finalised)


def test_a_change_is_priced_with_the_option_prices_of_the_order_date(finalised, customer):
    backdate(finalised, days=30)
    mohair = OptionPrice.objects.get(
        price_list__region__code="eu", choice__code="mohair", choice__group__code="fabric"
    )
    mohair.amount = D("500.00")  # raised after the order was placed
    mohair.save()
    width = DimensionPrice.objects.get(price_list__region__code="eu")
    width.amount_per_step = D("90.00")
    width.save()
    line = finalised.lines.get()
    change = change_request_create(
        order=finalised,
        line_id=line.pk,
        options={"fabric": "mohair"},
        dimensions={"width": "260"},
        actor=customer,
    )
    assert change.difference == D("430.000")  # 350 + 2 steps x 40, not 500 + 2 x 90
    assert {a["code"]: a["amount"] for a in change.new_amounts["add_ons"]} == {
        "mohair": "350.000",
        "width": "80.000",
    }


def test_a_decrease_is_applied_at_once_and_refunded_from_the_payment(customer):
    order = paid_sofa(actor=customer, options={"fabric": "mohair"}, email="owner@example.com")
    with committed():
        line_finalise(order=order, line_id=order.lines.get().pk, actor=DESIGNER)
    change = change_request_create(
        order=order, line_id=order.lines.get().pk, options={"fabric": "linen"}, actor=STAFF
    )
    with committed():
        result = change_request_accept(change=change, actor=STAFF)
    assert result.refunded.amount == D("350.000")
    assert result.change.status == ChangeStatus.APPLIED
    (note,) = CreditNote.objects.filter(order=order)
    assert note.total_gross == order.lines.get().total_gross + D("350")
    assert _balanced(order)
    history = " ".join(c.reason for c in StatusChange.objects.filter(object_id=str(order.pk)))
    assert change.ref in history


def test_after_the_workshop_accepted_the_workshop_must_agree(finalised, customer):
    _stage(finalised, "accepted")
    line = finalised.lines.get()
    assert line.production_stage == ProductionStage.ACCEPTED
    change = change_request_create(
        order=finalised, line_id=line.pk, dimensions={"width": "250"}, actor=customer
    )
    with committed():
        change_request_accept(change=change, actor=customer)
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_WORKSHOP
    with committed():
        handlers.on_revision_refused(RevisionEvent(change, "Frame already cut"))
    change.refresh_from_db()
    assert change.status == ChangeStatus.REFUSED
    assert change.reason == "Frame already cut"
    assert finalised.lines.get().revision == 1


def test_a_workshop_agreement_asks_for_the_payment_by_link(finalised, customer):
    _stage(finalised, "accepted")
    change = change_request_create(
        order=finalised, line_id=finalised.lines.get().pk, dimensions={"width": "250"},
        actor=customer,
    )  # fmt: skip
    with committed():
        change_request_accept(change=change, actor=customer)
        handlers.on_revision_accepted(RevisionEvent(change))
    change.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_PAYMENT


def test_in_production_only_a_production_manager_overrides_with_a_reason(finalised, customer):
    _stage(finalised, "in_production")
    line_id = finalised.lines.get().pk
    before = counts()
    with pytest.raises(Conflict, match="in production"):
        change_request_create(
            order=finalised, line_id=line_id, options={"fabric": "mohair"}, actor=customer
        )
    with pytest.raises(PermissionDenied, match="production manager"):
        change_request_create(
            order=finalised, line_id=line_id, options={"fabric": "mohair"}, actor=STAFF,
            override_reason="Client is a VIP",
        )  # fmt: skip
    assert counts() == before
    assert not ChangeRequest.objects.exists()
    change = change_request_create(
        order=finalised, line_id=line_id, options={"fabric": "linen"},
        dimensions={"width": "230"}, actor=PRODUCTION, override_reason="Workshop agreed by phone",
    )  # fmt: skip
    assert change.override_reason == "Workshop agreed by phone"
    with committed():
        change_request_accept(change=change, actor=customer)
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED


def test_forbidden_changes_are_refused_and_write_nothing(finalised, customer, world):
    line_id = finalised.lines.get().pk
    stranger = actor_for(make_user(Role.CUSTOMER, "stranger@example.com"))
    cases = [
        (stranger, {"options": {"fabric": "mohair"}}, PermissionDenied),  # someone else's
        (actor(Role.DESIGNER), {"options": {"fabric": "mohair"}}, PermissionDenied),
        (actor(Role.ACCOUNTING_MANAGER), {"options": {"fabric": "mohair"}}, PermissionDenied),
        (customer, {"dimensions": {"width": "340"}}, ValidationFailed),  # outside the range
        (customer, {"options": {"fabric": "linen"}}, ValidationFailed),  # nothing changes
        (customer, {"variant_id": world.lamp.pk}, ValidationFailed),  # another piece
    ]
    before = counts()
    for who, kwargs, error in cases:
        with pytest.raises(error):
            change_request_create(order=finalised, line_id=line_id, actor=who, **kwargs)
    assert counts() == before
    assert not ChangeRequest.objects.exists()


def test_a_cancelled_order_and_a_provisional_line_are_not_changed(customer):
    order = paid_sofa(actor=customer, email="owner@example.com")
    line_id = order.lines.get().pk
    with pytest.raises(Conflict, match="awaits finalisation"):
        change_request_create(
            order=order, line_id=line_id, options={"fabric": "mohair"}, actor=customer
        )
    SalesOrder.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED)
    order.refresh_from_db()
    with pytest.raises(Conflict, match="cancelled"):
        change_request_create(
            order=order, line_id=line_id, options={"fabric": "mohair"}, actor=customer
        )
    assert not ChangeRequest.objects.exists()


def test_one_open_change_per_line_and_a_cancelled_one_frees_it(finalised, customer):
    line_id = finalised.lines.get().pk
    first = change_request_create(
        order=finalised, line_id=line_id, options={"fabric": "mohair"}, actor=customer
    )
    with pytest.raises(Conflict, match="already under way"):
        change_request_create(
            order=finalised, line_id=line_id, dimensions={"width": "250"}, actor=customer
        )
    change_request_cancel(change=first, actor=customer)
    first.refresh_from_db()
    assert first.status == ChangeStatus.CANCELLED
    change_request_create(
        order=finalised, line_id=line_id, dimensions={"width": "250"}, actor=customer
    )


def test_a_change_payment_that_matches_nothing_is_ignored(finalised):
    from atelier.payments.events import PaymentSucceeded

    before = finalised.amount_paid
    with committed():
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id="PAY-Z", order_ref=finalised.number, purpose="change",
                amount="10.00", currency="EUR",
            )
        )  # fmt: skip
    finalised.refresh_from_db()
    assert finalised.amount_paid == before


def test_a_stock_line_changed_to_another_variant_moves_its_hold(world, customer):
    from atelier.catalog.tests.factories import VariantFactory
    from atelier.inventory import facade as inventory
    from atelier.pricing.models import PriceEntry
    from atelier.pricing.tests.factories import PriceEntryFactory
    from atelier.sales import services
    from atelier.sales.tests.helpers import ADDRESS_FR, stock

    brass = VariantFactory(sku="LUMEN-2", product=world.lamp.product)
    eu_list = PriceEntry.objects.get(variant=world.lamp, price_list__region__code="eu").price_list
    PriceEntryFactory(price_list=eu_list, variant=brass, amount=D("450.00"))
    stock(brass, world.warehouse, 1)
    with committed():
        cart = services.cart_create(actor=customer, region_code="eu")
        services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=customer)
        result = services.cart_checkout(
            cart=cart, email="owner@example.com", shipping_address=ADDRESS_FR,
            shipping_method="standard", actor=customer,
        )  # fmt: skip
    pay(result.payment)
    order = SalesOrder.objects.get(pk=result.order.pk)
    change = change_request_create(
        order=order, line_id=order.lines.get().pk, variant_id=brass.pk, actor=customer
    )
    assert change.difference == 0
    with committed():
        change_request_accept(change=change, actor=customer)
    held = [h for h in inventory.reservation_for(order.number).held if h.status == "confirmed"]
    assert [(h.line_ref, h.variant_id) for h in held] == [("L1", brass.pk)]
    assert _balanced(order)


# --- A change's payment names its change (payments' caller_ref) --------------------------
def _two_sofas(customer):
    """One paid order of `customer` with two finalised sofas (widths 240 and 250)."""
    from django.test import Client

    from atelier.sales import services
    from atelier.sales.tests.helpers import ADDRESS_FR
    from atelier.sales.tests.payments import pay_offline

    with committed():
        cart = services.cart_create(actor=customer, region_code="eu")
        for width in ("240", "250"):
            services.cart_line_add(
                cart=cart, sku="ARIA-240", quantity=1, options={"fabric": "linen"},
                dimensions={"width": width}, actor=customer,
            )  # fmt: skip
        result = services.cart_checkout(
            cart=cart, email="owner@example.com", shipping_address=ADDRESS_FR,
            shipping_method="standard", actor=customer,
        )  # fmt: skip
    with committed():
        pay_offline(Client(), result.payment)
    order = SalesOrder.objects.get(pk=result.order.pk)
    for line in order.lines.order_by("position"):
        with committed():
            line_finalise(order=order, line_id=line.pk, actor=DESIGNER)
    order.refresh_from_db()
    return order


def _link(url):
    from atelier.payments.dto import PaymentStart

    return PaymentStart("", "offline", None, url, None)


def test_two_changes_of_the_same_amount_are_each_applied_by_their_own_payment(customer):
    order = _two_sofas(customer)
    first, second = order.lines.order_by("position")
    changes, urls = [], []
    for line in (first, second):
        change = change_request_create(
            order=order, line_id=line.pk, options={"fabric": "mohair"}, actor=STAFF
        )
        with committed():
            urls.append(change_request_accept(change=change, actor=STAFF).payment_url)
        changes.append(change)
    assert changes[0].difference == changes[1].difference == D("350.000")

    pay(_link(urls[1]))  # the second change's link is paid first

    for change in changes:
        change.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert [c.status for c in changes] == [ChangeStatus.AWAITING_PAYMENT, ChangeStatus.APPLIED]
    assert (first.revision, second.revision) == (1, 2)
    assert changes[1].payment_id

    pay(_link(urls[0]))

    changes[0].refresh_from_db()
    first.refresh_from_db()
    assert changes[0].status == ChangeStatus.APPLIED
    assert first.revision == 2
    assert changes[0].payment_id != changes[1].payment_id
    order.refresh_from_db()
    assert order.flag == ""
    assert _balanced(order)


def _change_paid(order, change, amount, payment_id="PAY-X"):
    from atelier.payments.events import PaymentSucceeded

    with committed():
        handlers.on_payment_succeeded(
            PaymentSucceeded(
                payment_id=payment_id, order_ref=order.number, purpose="change",
                amount=amount, currency="EUR", caller_ref=change.ref,
            )
        )  # fmt: skip


def test_a_change_payment_of_another_amount_is_flagged_not_applied(finalised, customer):
    change = change_request_create(
        order=finalised, line_id=finalised.lines.get().pk, options={"fabric": "mohair"},
        actor=STAFF,
    )  # fmt: skip
    with committed():
        change_request_accept(change=change, actor=STAFF)
    before = (CreditNote.objects.count(), Invoice.objects.count())
    paid_before = finalised.amount_paid

    _change_paid(finalised, change, "349.00")

    change.refresh_from_db()
    finalised.refresh_from_db()
    assert change.status == ChangeStatus.AWAITING_PAYMENT
    assert finalised.lines.get().revision == 1
    assert finalised.amount_paid == paid_before
    assert (CreditNote.objects.count(), Invoice.objects.count()) == before
    assert finalised.flag == "overpaid"
    assert change.ref in finalised.flag_note
    assert "349.00" in finalised.flag_note

    _change_paid(finalised, change, "350.00", payment_id="PAY-Y")  # the right amount
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPLIED
    assert change.payment_id == "PAY-Y"


def test_a_second_payment_for_an_applied_change_is_flagged(finalised, customer):
    change = change_request_create(
        order=finalised, line_id=finalised.lines.get().pk, options={"fabric": "mohair"},
        actor=STAFF,
    )  # fmt: skip
    with committed():
        change_request_accept(change=change, actor=STAFF)
    _change_paid(finalised, change, "350.00", payment_id="PAY-1")
    finalised.refresh_from_db()
    paid = finalised.amount_paid

    _change_paid(finalised, change, "350.00", payment_id="PAY-2")

    finalised.refresh_from_db()
    assert finalised.amount_paid == paid
    assert finalised.lines.get().revision == 2
    assert finalised.flag == "overpaid"
    assert "PAY-2" in finalised.flag_note


def test_the_change_link_email_speaks_of_the_change_not_a_quotation(finalised):
    from atelier.core.models import OutboxMessage

    change = change_request_create(
        order=finalised, line_id=finalised.lines.get().pk, options={"fabric": "mohair"},
        actor=STAFF,
    )  # fmt: skip
    with committed():
        url = change_request_accept(change=change, actor=STAFF, via="email").payment_url

    message = OutboxMessage.objects.get(
        idempotency_key__startswith=f"sales:change-link:{change.ref}"
    )
    payload = message.payload
    assert payload["subject"] == f"Your change to order {finalised.number}: 350.00 EUR to pay"
    for body in (payload["text"], payload["html"]):
        assert "quotation" not in body.lower()
        assert change.ref in body
        assert "350.00" in body
        assert "takes effect once this amount" in body
    assert url in payload["text"]
    assert f'href="{url}"' in payload["html"]
