"""Private collections through the API: only a granted, signed-in customer sees them."""

import pytest
from django.contrib.auth.models import Permission

from atelier.catalog.tests.factories import MANAGER
from atelier.customers.tests.factories import CustomerGroupFactory

pytestmark = pytest.mark.django_db


def listed(client, **params):
    return [item["slug"] for item in client.get("/api/v1/products", params).json()["items"]]


def collections(client):
    return [c["slug"] for c in client.get("/api/v1/collections").json()]


def test_granted_customer_sees_the_private_product_and_collection(client, private):
    client.force_login(private["clara"])

    assert "secret" in listed(client)
    assert "secret" in listed(client, region="eu", collection="prive")
    detail = client.get("/api/v1/products/secret", {"region": "eu"})
    assert detail.status_code == 200
    assert detail.json()["collections"] == [{"slug": "prive", "name": "Atelier privé"}]
    assert detail.json()["from_price"]["amount"] == "9900.00"
    assert "prive" in collections(client)


@pytest.mark.parametrize("who", ["anonymous", "other customer"])
def test_others_get_404_and_never_see_it_listed(client, private, who):
    if who == "other customer":
        client.force_login(private["bruno"])

    response = client.get("/api/v1/products/secret", {"region": "eu"})

    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "No such product.",
        "details": {},
    }
    assert "secret" not in listed(client)
    assert "secret" not in listed(client, region="eu", q="Secret")
    assert "prive" not in collections(client)
    hidden = client.get("/api/v1/products", {"collection": "prive"})
    assert hidden.status_code == 400  # exactly like a collection that does not exist
    assert hidden.json()["error"]["message"] == "collection: no collection 'prive'."


def test_a_customer_groups_grant_counts(client, private):
    group = CustomerGroupFactory(members=[private["bruno"]])
    private["collection"].granted_groups.add(group)
    client.force_login(private["bruno"])

    assert client.get("/api/v1/products/secret").status_code == 200


def test_catalog_staff_see_it(client, private, django_user_model):
    staff = django_user_model.objects.create_user(email="eva@atelier.example", password="x" * 12)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=[p.split(".")[1] for p in MANAGER.permissions])
    )
    client.force_login(staff)

    assert client.get("/api/v1/products/secret").status_code == 200
