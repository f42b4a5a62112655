"""Business days per country, from the `holidays` calendars."""

from datetime import date

import pytest

from atelier.integrations.carriers.business_days import (
    is_business_day,
    next_business_day,
    why_not_business_day,
)


@pytest.mark.parametrize(
    ("day", "country", "business"),
    [
        (date(2026, 12, 1), "IT", True),
        (date(2026, 12, 5), "IT", False),  # Saturday
        (date(2026, 12, 8), "IT", False),  # Immacolata Concezione
        (date(2026, 12, 8), "DE", True),
        (date(2026, 8, 15), "IT", False),  # Ferragosto (a Saturday too)
        (date(2026, 7, 14), "FR", False),  # Fête nationale
        (date(2026, 7, 14), "DE", True),
        (date(2026, 11, 26), "US", False),  # Thanksgiving
        (date(2026, 12, 28), "GB", False),  # Boxing Day, observed on Monday
        (date(2026, 10, 3), "DE", False),  # Tag der Deutschen Einheit (a Saturday)
        (date(2026, 10, 5), "DE", True),
    ],
)
def test_is_business_day(day, country, business):
    assert is_business_day(day, country) is business


def test_regional_holidays_count_where_the_region_is_known():
    assert is_business_day(date(2026, 1, 6), "DE")  # Epiphany is not national
    assert not is_business_day(date(2026, 1, 6), "DE", "BY")  # ... but it is in Bavaria
    assert not is_business_day(date(2026, 12, 25), "DE", "XX")  # unknown region: the country's


@pytest.mark.parametrize(
    ("day", "country", "expected"),
    [
        (date(2026, 12, 5), "IT", date(2026, 12, 7)),  # Saturday -> Monday
        (date(2026, 12, 24), "DE", date(2026, 12, 28)),  # 25, 26 holidays, 27 Sunday
        (date(2026, 12, 24), "GB", date(2026, 12, 29)),  # Boxing Day observed on the 28th
        (date(2026, 12, 31), "IT", date(2027, 1, 4)),  # New Year, then the weekend
    ],
)
def test_next_business_day(day, country, expected):
    assert next_business_day(day, country) == expected


def test_why_a_day_is_not_a_business_day():
    assert why_not_business_day(date(2026, 12, 5), "IT") == "Saturday"
    assert "Christmas" in why_not_business_day(date(2026, 12, 25), "US")
    assert why_not_business_day(date(2026, 12, 1), "IT") == ""


def test_a_country_without_a_calendar_has_weekends_only():
    assert is_business_day(date(2026, 12, 25), "BV")  # Bouvet Island: no public holidays
    assert not is_business_day(date(2026, 12, 26), "BV")
    assert is_business_day(date(2026, 12, 25), "ZZ")  # a code no calendar knows
