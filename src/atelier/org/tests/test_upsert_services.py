from unittest import mock

import pytest

from atelier.core.actor import system_actor
from atelier.core.errors import ValidationFailed
from atelier.org import services
from atelier.org.events import BoutiqueCreated
from atelier.org.models import Boutique, Region

pytestmark = pytest.mark.django_db

ACTOR = system_actor("test")


@pytest.fixture
def region():
    row, _ = services.region_upsert(
        code="eu", name="European Union", currency="eur", countries=["IT", "FR"], actor=ACTOR
    )
    return row


def upsert_milan(region, **changes):
    fields = {
        "name": "Milan",
        "street": "Via della Spiga 22",
        "postcode": "20121",
        "city": "Milano",
        "country": "IT",
        "timezone": "Europe/Rome",
        **changes,
    }
    return services.boutique_upsert(code="milan", region=region, actor=ACTOR, **fields)


def test_region_is_created_with_normalised_values(region):
    assert region.currency == "EUR"
    assert [c.code for c in region.countries] == ["FR", "IT"]


def test_same_values_again_write_nothing(region):
    upsert_milan(region)
    history = Boutique.history.count() + Region.history.count()

    _, created = upsert_milan(region)
    _, region_created = services.region_upsert(
        code="eu", name="European Union", currency="EUR", countries=["FR", "IT"], actor=ACTOR
    )

    assert not created
    assert not region_created
    assert Boutique.history.count() + Region.history.count() == history


def test_a_changed_value_is_saved_once(region):
    upsert_milan(region)

    boutique, created = upsert_milan(region, phone="+39 02 8909 4412")

    assert not created
    assert Boutique.objects.get(code="milan").phone == "+39 02 8909 4412"
    assert boutique.history.count() == 2


def test_unknown_time_zone_is_refused(region):
    with pytest.raises(ValidationFailed, match="time zone"):
        upsert_milan(region, timezone="Europe/Milano")

    assert not Boutique.objects.exists()


def test_unknown_field_is_refused(region):
    with pytest.raises(ValidationFailed, match="no field 'colour'"):
        upsert_milan(region, colour="red")


def test_invalid_values_are_refused(region):
    with pytest.raises(ValidationFailed):
        upsert_milan(region, email="not an e-mail")

    assert not Boutique.objects.exists()


def test_a_new_boutique_is_announced_once(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        boutique, created = upsert_milan(region)
        upsert_milan(region, phone="+39 02 000")  # an update is not announced
    published = []
    with mock.patch("atelier.core.events._deliver", side_effect=published.append):
        for callback in callbacks:
            callback()
    assert created
    assert [(type(e), e.boutique_id, e.code) for e in published] == [
        (BoutiqueCreated, boutique.pk, "milan")
    ]
