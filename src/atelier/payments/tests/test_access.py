"""Who sees payments (role x row), and the staff endpoints that show them."""

import pytest

from atelier.accounts.actors import actor_for
from atelier.accounts.tests.factories import make_boutique, make_region, make_user
from atelier.core.actor import ANONYMOUS, system_actor
from atelier.core.errors import NotFound
from atelier.core.roles import Role
from atelier.payments import access
from atelier.payments.tests.helpers import make_payment

pytestmark = pytest.mark.django_db

SEES_ALL = {
    Role.ECOMMERCE_MANAGER,
    Role.CUSTOMER_SERVICE_MANAGER,
    Role.ACCOUNTING_MANAGER,
    Role.ADMIN,
    Role.SUPER_ADMIN,
}


@pytest.fixture
def scope():
    region = make_region("eu")
    make_boutique("paris", region)


def user_of(role):
    extra = {}
    if role in (Role.SALES_REPRESENTATIVE, Role.STORE_MANAGER):
        extra = {"boutiques": ["paris"]}
    elif role == Role.SALES_DIRECTOR:
        extra = {"regions": ["eu"]}
    elif role == Role.MANUFACTURER:
        from atelier.accounts.tests.factories import make_manufacturer

        extra = {"manufacturer": make_manufacturer("brianza")}
    return make_user(role, **extra)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.GUEST])
def test_who_sees_payments(scope, role):
    payment = make_payment()
    actor = actor_for(user_of(role))

    seen = set(access.payments_visible_to(actor).values_list("reference", flat=True))

    if role in SEES_ALL:
        assert seen == {payment.reference}
        assert access.get_payment_for(actor, payment.reference) == payment
    else:
        assert seen == set()
        with pytest.raises(NotFound) as hidden:
            access.get_payment_for(actor, payment.reference)
        with pytest.raises(NotFound) as missing:
            access.get_payment_for(actor, "PAY-1999-000001")
        assert hidden.value.message == missing.value.message


def test_guests_see_nothing_and_the_system_everything():
    payment = make_payment()
    assert not access.payments_visible_to(ANONYMOUS).exists()
    assert list(access.payments_visible_to(system_actor())) == [payment]


# --- API -----------------------------------------------------------------------------------
def signed_in(client, role):
    user = user_of(role)
    client.force_login(user)
    return client


def test_accounting_sees_the_list_with_a_bounded_number_of_queries(
    scope, client, django_assert_max_num_queries
):
    for n in range(60):
        make_payment(order_ref=f"SO-2026-{n:06d}")
    signed_in(client, Role.ACCOUNTING_MANAGER)

    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/payments/?per_page=50")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], len(body["results"])) == (60, 50)
    first = body["results"][0]
    assert first["amount"] == {"amount": "1200.00", "currency": "EUR"}
    assert first["status"] == "requires_payment"


def test_the_list_filters_by_order(scope, client):
    wanted = make_payment(order_ref="SO-2026-777777")
    make_payment()
    signed_in(client, Role.CUSTOMER_SERVICE_MANAGER)
    body = client.get("/api/v1/payments/?order_ref=SO-2026-777777").json()
    assert [p["payment_id"] for p in body["results"]] == [wanted.reference]


def test_detail_is_404_alike_for_hidden_and_missing(scope, client):
    payment = make_payment()
    signed_in(client, Role.SALES_REPRESENTATIVE)

    hidden = client.get(f"/api/v1/payments/{payment.reference}")
    missing = client.get("/api/v1/payments/PAY-1999-000001")

    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get("/api/v1/payments/").json()["count"] == 0


def test_detail_for_accounting(scope, client):
    payment = make_payment()
    signed_in(client, Role.ACCOUNTING_MANAGER)
    body = client.get(f"/api/v1/payments/{payment.reference}").json()
    assert (body["payment_id"], body["refundable"]["amount"], body["refunds"]) == (
        payment.reference,
        "0.00",
        [],
    )


def test_customers_and_guests_are_refused(client):
    payment = make_payment()
    assert client.get(f"/api/v1/payments/{payment.reference}").status_code == 401
    client.force_login(make_user(Role.CUSTOMER))
    assert client.get(f"/api/v1/payments/{payment.reference}").status_code == 403
