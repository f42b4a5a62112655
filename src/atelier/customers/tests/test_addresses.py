"""Saved addresses: a customer adds, changes and deletes their own; one default; refusals
name the field and write nothing; someone else's address looks missing."""

import pytest

from atelier.accounts.actors import actor_for
from atelier.core.actor import ANONYMOUS
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.customers import access
from atelier.customers.models import CustomerAddress
from atelier.customers.services import (
    MAX_SAVED_ADDRESSES,
    customer_address_delete,
    customer_address_save,
)
from atelier.customers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HOME = {
    "label": "Home",
    "name": "Ana Lima",
    "line1": "12 rue du Bac",
    "city": "Paris",
    "country": "fr",
}
COUNTRY = {
    "label": "Country",
    "name": "Ana Lima",
    "line1": "Le Mas",
    "city": "Gordes",
    "country": "FR",
}


@pytest.fixture
def ana():
    return actor_for(UserFactory(email="ana@example.com"))


def test_the_first_address_is_the_default_and_a_new_default_replaces_it(ana):
    home = customer_address_save(actor=ana, data=HOME)
    country = customer_address_save(actor=ana, data={**COUNTRY, "is_default": True})

    home.refresh_from_db()
    assert (home.is_default, country.is_default) == (False, True)
    assert str(home.country) == "FR"
    assert list(access.addresses_visible_to(ana)) == [country, home]


def test_change_and_delete_keep_one_default(ana):
    home = customer_address_save(actor=ana, data=HOME)
    country = customer_address_save(actor=ana, data=COUNTRY)

    customer_address_save(actor=ana, address=home, data={**HOME, "line1": "14 rue du Bac"})
    customer_address_delete(actor=ana, address=home)

    country.refresh_from_db()
    assert country.is_default
    assert [a.line1 for a in access.addresses_visible_to(ana)] == ["Le Mas"]
    assert CustomerAddress.history.filter(line1="14 rue du Bac").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"country": "XX"}, "country"),
        ({"country": "US", "state": ""}, "state"),
        ({"city": "x" * 81}, "city"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(ana, change, field):
    with pytest.raises(ValidationFailed) as refused:
        customer_address_save(actor=ana, data={**HOME, **change})

    assert refused.value.details["field"] == field
    assert CustomerAddress.objects.count() == 0


def test_someone_elses_address_looks_missing(ana):
    ben = actor_for(UserFactory(email="ben@example.com"))
    bens = customer_address_save(actor=ben, data=HOME)

    with pytest.raises(NotFound):
        access.get_address_for(ana, bens.pk)
    with pytest.raises(NotFound):
        customer_address_save(actor=ana, address=bens, data=COUNTRY)
    with pytest.raises(NotFound):
        customer_address_delete(actor=ana, address=bens)
    assert list(access.addresses_visible_to(ANONYMOUS)) == []


def test_guests_keep_no_addresses_and_there_is_a_limit(ana):
    with pytest.raises(PermissionDenied):
        customer_address_save(actor=ANONYMOUS, data=HOME)
    for _ in range(MAX_SAVED_ADDRESSES):
        customer_address_save(actor=ana, data=HOME)
    with pytest.raises(ValidationFailed):
        customer_address_save(actor=ana, data=HOME)
