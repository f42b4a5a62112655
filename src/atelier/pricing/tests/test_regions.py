"""pricing.facade.regions(): the regions the shop sells in, for region pickers."""

import pytest

from atelier.pricing import facade
from atelier.pricing.dto import RegionInfo
from atelier.pricing.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_regions_with_a_price_list_by_name(regions, django_assert_num_queries):
    RegionFactory(code="jp", name="Japan", currency="JPY", countries=["JP"])  # no prices

    with django_assert_num_queries(1):
        result = facade.regions()

    assert [r.code for r in result] == ["ch", "eu", "uk", "us"]  # names CH, EU, UK, US
    assert result[1] == RegionInfo(
        code="eu",
        name="EU",
        currency="EUR",
        tax_display="included",
        countries=("DE", "FR"),  # sorted by django-countries
    )
    assert result[1].tax_included
    assert not result[3].tax_included
    assert result[3].countries == ("US",)


def test_no_regions_without_price_lists():
    assert facade.regions() == []
