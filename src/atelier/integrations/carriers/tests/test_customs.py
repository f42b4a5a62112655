"""Customs declarations are checked locally, with one precise message per problem."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from atelier.core.money import Money
from atelier.integrations.carriers.customs import validate_declaration
from atelier.integrations.carriers.port import CustomsInvalid
from atelier.integrations.carriers.tests.conftest import customs


def check(decl, *, destination="US", origin="IT", declared=None, weight=None):
    return validate_declaration(
        decl,
        destination_country=destination,
        origin_country=origin,
        declared_total=declared,
        parcels_weight_kg=weight,
    )


def problems_of(decl, **kw) -> list[str]:
    with pytest.raises(CustomsInvalid) as exc:
        check(decl, **kw)
    return exc.value.problems


def with_line(**changes):
    decl = customs()
    return replace(decl, lines=(replace(decl.lines[0], **changes), decl.lines[1]))


def test_a_complete_declaration_passes_with_its_totals():
    decl = customs()

    assert check(decl, declared=Money("4500.00", "EUR"), weight=Decimal("42.5")) is decl
    assert decl.total_value == Decimal("4500.00")
    assert decl.total_weight_kg == Decimal("42")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"description": "  "}, "Line 1: the description is missing."),
        ({"hs_code": ""}, "Line 1 (Upholstered sofa, walnut frame): the HS code is missing."),
        (
            {"hs_code": "9401"},
            "Line 1 (Upholstered sofa, walnut frame): HS code '9401' must be 6 to 10 digits.",
        ),
        (
            {"hs_code": "94016ABC"},
            "Line 1 (Upholstered sofa, walnut frame): HS code '94016ABC' must be 6 to 10 digits.",
        ),
        (
            {"country_of_manufacture": ""},
            "Line 1 (Upholstered sofa, walnut frame): the country of manufacture is missing.",
        ),
        (
            {"country_of_manufacture": "Italy"},
            "Line 1 (Upholstered sofa, walnut frame): country of manufacture 'Italy' is not an "
            "ISO 3166 alpha-2 code.",
        ),
        (
            {"country_of_manufacture": "XX"},
            "Line 1 (Upholstered sofa, walnut frame): country of manufacture 'XX' is not an "
            "ISO 3166 alpha-2 code.",
        ),
        (
            {"quantity": 0},
            "Line 1 (Upholstered sofa, walnut frame): quantity must be a whole number above 0, "
            "not 0.",
        ),
        (
            {"weight_kg": Decimal("0")},
            "Line 1 (Upholstered sofa, walnut frame): the weight must be above 0.",
        ),
        (
            {"unit_value": Decimal("-1")},
            "Line 1 (Upholstered sofa, walnut frame): the unit value must be above 0.",
        ),
        (
            {"unit_value": 4200.0},
            "Line 1 (Upholstered sofa, walnut frame): the unit value must be a Decimal.",
        ),
    ],
)
def test_each_bad_line_field_is_named(changes, message):
    assert problems_of(with_line(**changes)) == [message]


def test_the_hs_code_may_be_written_with_dots():
    assert check(with_line(hs_code="9401.61"))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lines": ()}, "The declaration has no lines."),
        ({"currency": "EURO"}, "Currency 'EURO' is not an ISO 4217 code."),
        (
            {"incoterm": "FOO"},
            "Incoterm 'FOO' is not one of EXW, FCA, CPT, CIP, DPU, DAP, DDP, FAS, FOB, CFR, CIF.",
        ),
        ({"invoice_number": ""}, "The invoice number is missing."),
        ({"invoice_date": None}, "The invoice date is missing."),
        ({"export_reason": "smuggling"}, "Export reason 'smuggling' is not one of"),
    ],
)
def test_each_bad_declaration_field_is_named(changes, message):
    (problem,) = problems_of(customs(**changes))
    assert problem.startswith(message)


def test_every_problem_is_listed_at_once():
    decl = replace(with_line(hs_code="12", quantity=-1), incoterm="", currency="XYZ")

    assert len(problems_of(decl)) == 4


def test_the_declared_value_must_be_the_sum_of_the_lines():
    assert problems_of(customs(), declared=Money("4000", "EUR")) == [
        "The lines add up to 4500.00 EUR but the declared value is 4000 EUR."
    ]


def test_the_declared_value_must_be_in_the_declarations_currency():
    assert problems_of(customs(), declared=Money("4500", "USD")) == [
        "The declared value is in USD but the lines are in EUR."
    ]


def test_lines_cannot_weigh_more_than_the_parcels():
    assert problems_of(customs(), weight=Decimal("30")) == [
        "The lines weigh 42 kg, more than the parcels (30 kg)."
    ]


def test_a_domestic_shipment_needs_no_declaration():
    assert problems_of(customs(), destination="IT") == [
        "Origin and destination are both IT: no customs declaration is needed."
    ]


def test_an_invoice_date_is_a_date():
    assert customs().invoice_date == date(2026, 12, 1)
