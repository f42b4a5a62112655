"""Rates for the next business day when the requested one is not.

Both carriers ask their products for a date with `ask(day)`. When the answer is empty
and `day` is not a business day at the origin (weekend or public holiday), the next
business day is asked instead, and each rate says which date it is for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from atelier.integrations.carriers.business_days import is_business_day, next_business_day
from atelier.integrations.carriers.port import Rate, RateRequest

MAX_MOVES = 10  # never more than ten days ahead (Christmas and New Year together fit)


def rates_from_next_business_day(req: RateRequest, ask: Callable[[date], list[Rate]]) -> list[Rate]:
    country, subdiv = req.origin.country, req.origin.state
    day = req.ship_date
    rates = ask(day)
    moves = 0
    while not rates and not is_business_day(day, country, subdiv) and moves < MAX_MOVES:
        day = next_business_day(day, country, subdiv)
        rates = ask(day)
        moves += 1
    return [replace(r, ship_date=day, requested_date=req.ship_date) for r in rates]
