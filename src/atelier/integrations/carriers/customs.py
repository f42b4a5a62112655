"""Local checks of a customs declaration, before anything is sent to a carrier.

`validate_declaration()` collects every problem with a precise message (which line,
which field, what is wrong) and raises `CustomsInvalid(problems)`; the DHL client calls
it before building its request, so an invalid declaration never leaves the building.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django_countries import countries

from atelier.core.money import Money, validate_currency
from atelier.integrations.carriers.port import (
    EXPORT_REASONS,
    INCOTERMS,
    CustomsDeclaration,
    CustomsInvalid,
)

HS_CODE = re.compile(r"^\d{6,10}$")
# Line totals may differ from the declared total by rounding only.
TOLERANCE = Decimal("0.01")


def _is_country(code: str) -> bool:
    return isinstance(code, str) and len(code) == 2 and code.upper() == code and code in countries


def _line_problems(number: int, line) -> list[str]:
    where = f"Line {number}"
    problems = []
    if not (line.description or "").strip():
        problems.append(f"{where}: the description is missing.")
    elif len(line.description) > 512:
        problems.append(f"{where}: the description is longer than 512 characters.")
    hs = (line.hs_code or "").replace(".", "").replace(" ", "")
    if not hs:
        problems.append(f"{where} ({line.description}): the HS code is missing.")
    elif not HS_CODE.match(hs):
        problems.append(
            f"{where} ({line.description}): HS code {line.hs_code!r} must be 6 to 10 digits."
        )
    if not line.country_of_manufacture:
        problems.append(f"{where} ({line.description}): the country of manufacture is missing.")
    elif not _is_country(line.country_of_manufacture):
        problems.append(
            f"{where} ({line.description}): country of manufacture "
            f"{line.country_of_manufacture!r} is not an ISO 3166 alpha-2 code."
        )
    if not isinstance(line.quantity, int) or isinstance(line.quantity, bool) or line.quantity <= 0:
        problems.append(
            f"{where} ({line.description}): quantity must be a whole number above 0, "
            f"not {line.quantity!r}."
        )
    for field, label in (("weight_kg", "weight"), ("unit_value", "unit value")):
        value = getattr(line, field)
        if not isinstance(value, Decimal) or not value.is_finite():
            problems.append(f"{where} ({line.description}): the {label} must be a Decimal.")
        elif value <= 0:
            problems.append(f"{where} ({line.description}): the {label} must be above 0.")
    return problems


def validate_declaration(
    decl: CustomsDeclaration,
    *,
    destination_country: str,
    origin_country: str,
    declared_total: Money | None = None,
    parcels_weight_kg: Decimal | None = None,
) -> CustomsDeclaration:
    """Return `decl` unchanged, or raise CustomsInvalid listing every problem."""
    problems: list[str] = []
    if origin_country and destination_country and origin_country == destination_country:
        problems.append(
            f"Origin and destination are both {origin_country}: no customs declaration is needed."
        )
    if not decl.lines:
        problems.append("The declaration has no lines.")
    for number, line in enumerate(decl.lines, start=1):
        problems += _line_problems(number, line)
    currency_ok = True
    try:
        validate_currency(decl.currency)
    except ValueError:
        currency_ok = False
        problems.append(f"Currency {decl.currency!r} is not an ISO 4217 code.")
    if decl.incoterm not in INCOTERMS:
        problems.append(f"Incoterm {decl.incoterm!r} is not one of {', '.join(INCOTERMS)}.")
    if decl.export_reason not in EXPORT_REASONS:
        problems.append(
            f"Export reason {decl.export_reason!r} is not one of {', '.join(EXPORT_REASONS)}."
        )
    if not (decl.invoice_number or "").strip():
        problems.append("The invoice number is missing.")
    if decl.invoice_date is None:
        problems.append("The invoice date is missing.")
    if declared_total is not None and currency_ok and not problems:
        if declared_total.currency != decl.currency.upper():
            problems.append(
                f"The declared value is in {declared_total.currency} but the lines are in "
                f"{decl.currency}."
            )
        elif abs(decl.total_value - declared_total.amount) > TOLERANCE:
            problems.append(
                f"The lines add up to {decl.total_value} {decl.currency} but the declared value "
                f"is {declared_total.amount} {declared_total.currency}."
            )
    if parcels_weight_kg is not None and not problems and decl.total_weight_kg > parcels_weight_kg:
        problems.append(
            f"The lines weigh {decl.total_weight_kg} kg, more than the parcels "
            f"({parcels_weight_kg} kg)."
        )
    if problems:
        raise CustomsInvalid(problems)
    return decl
