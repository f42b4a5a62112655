"""Business days at a shipping origin: not a weekend, not a public holiday there.

Holidays come from the `holidays` package, per country (and subdivision when given).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

WEEKEND = (5, 6)  # Saturday, Sunday


@lru_cache(maxsize=64)
def _calendar(country: str, subdiv: str | None, year: int):
    try:
        return holidays.country_holidays(country.upper(), subdiv=subdiv or None, years=year)
    except NotImplementedError:
        if subdiv:  # a region the package does not know: the country's holidays
            return _calendar(country, None, year)
        return {}  # a country the package does not know: weekends only


def holiday_name(day: date, country: str, subdiv: str = "") -> str:
    """The public holiday's name at `country` on `day`, or ''."""
    return str(_calendar(country, subdiv or None, day.year).get(day, "") or "")


def is_business_day(day: date, country: str, subdiv: str = "") -> bool:
    return day.weekday() not in WEEKEND and not holiday_name(day, country, subdiv)


def next_business_day(day: date, country: str, subdiv: str = "") -> date:
    """The first business day strictly after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day, country, subdiv):
        day += timedelta(days=1)
    return day


def why_not_business_day(day: date, country: str, subdiv: str = "") -> str:
    if day.weekday() in WEEKEND:
        return day.strftime("%A")
    return holiday_name(day, country, subdiv)
