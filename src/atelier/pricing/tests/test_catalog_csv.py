"""CSV import/export of products, variants and prices: all rows or none."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from atelier.catalog.models import Product, ProductVariant
from atelier.catalog.tests.factories import (
    CUSTOMER,
    DESIGNER,
    MANAGER,
    AttributeValueFactory,
    CategoryFactory,
    ManufacturerFactory,
)
from atelier.core.errors import PermissionDenied
from atelier.pricing.models import PriceEntry
from atelier.pricing.services.catalog_csv import catalog_csv_export, catalog_csv_import

pytestmark = pytest.mark.django_db

HEADER = (
    "product_slug,product_name,manufacturer,category,made_to_order,lead_time_days,"
    "width_cm,depth_cm,height_cm,description,sku,barcode,attributes,price:eu,price:us\n"
)
GOOD = [
    "aria,Aria sofa,bottega,sofas,yes,56,240,100,80,<p>Deep<script>x</script></p>,"
    "ARIA-WAL,,colour=walnut,2490.00,2700\n",
    "aria,,,,,,,,,,ARIA-OAK,4006381333931,colour=oak,2590.00,\n",
    "lune,Lune chair,bottega,sofas,no,,60,55,90,,LUNE-1,,,890,990.50\n",
]


@pytest.fixture
def setup(regions):
    ManufacturerFactory(code="bottega")
    CategoryFactory(slug="sofas")
    AttributeValueFactory(attribute__slug="colour", slug="walnut")
    AttributeValueFactory(attribute__slug="colour", slug="oak")


def _import(lines, actor=MANAGER, **kwargs):
    return catalog_csv_import(file=io.StringIO(HEADER + "".join(lines)), actor=actor, **kwargs)


def test_good_file_imports_products_variants_and_prices(setup):
    report = _import(GOOD)
    assert report.ok, report.errors
    assert (report.rows, report.variants, report.prices) == (3, 3, 5)
    aria = Product.objects.get(slug="aria")
    assert aria.description == "<p>Deep</p>"
    assert aria.made_to_order
    assert aria.lead_time_days == 56
    assert list(aria.variants.values_list("sku", flat=True)) == ["ARIA-WAL", "ARIA-OAK"]
    assert PriceEntry.objects.get(variant__sku="LUNE-1", price_list__code="us").amount == Decimal(
        "990.50"
    )
    assert aria.publications.filter(status="draft").count() == 2  # imported as drafts

    again = _import([GOOD[0].replace("2490.00", "2390.00")])  # re-import updates
    assert again.ok
    assert PriceEntry.objects.get(variant__sku="ARIA-WAL", price_list__code="eu").amount == Decimal(
        "2390.00"
    )
    assert ProductVariant.objects.count() == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (GOOD[2].replace(",890,", ",-5,"), "Row 4, price:eu: must not be negative (got -5)."),
        (GOOD[2].replace("LUNE-1", "ARIA-OAK"), "Row 4, sku: 'ARIA-OAK' is already on row 3."),
        (
            GOOD[2].replace("bottega", "nobody"),
            "Row 4, manufacturer: no manufacturer with code 'nobody'.",
        ),
        (GOOD[2].replace(",60,", ",0,"), "Row 4, width_cm: must be above 0."),
        (
            GOOD[2].replace(",,,890", ",,colour=teak,890"),
            "Row 4, attributes: no value 'teak' for attribute 'colour'.",
        ),
        (
            GOOD[2].replace("no,,", "yes,,"),
            "Row 4, lead_time_days: a made-to-order product needs a lead time.",
        ),
        (
            GOOD[2].replace(",890,", ",8.999,"),
            "Row 4, price:eu: EUR amounts have 2 decimals (got 8.999).",
        ),
        (GOOD[2].replace("Lune chair", ""), "Row 4, product_name: required for a new product."),
    ],
)
def test_one_bad_row_imports_nothing_and_says_which_and_why(setup, line, expected):
    report = _import([GOOD[0], GOOD[1], line])
    assert [str(e) for e in report.errors] == [expected]
    assert not Product.objects.exists()
    assert not PriceEntry.objects.exists()


def test_rows_of_one_product_must_agree(setup):
    report = _import([GOOD[0], GOOD[1].replace("aria,,", "aria,Other name,")])
    assert [str(e) for e in report.errors] == ["Row 3, product_name: differs from row 2 of 'aria'."]


def test_unknown_columns_and_price_lists_are_named(setup):
    report = catalog_csv_import(
        file=io.StringIO("product_slug,sku,colour,price:mars\naria,A-1,x,1\n"), actor=MANAGER
    )
    assert [str(e) for e in report.errors] == [
        "Row 1, colour: unknown column.",
        "Row 1, price:mars: no price list with that code.",
    ]


def test_sku_of_another_product_is_refused(setup):
    _import(GOOD)
    report = _import([GOOD[2].replace("LUNE-1", "ARIA-WAL")])
    assert [str(e) for e in report.errors] == ["Row 2, sku: 'ARIA-WAL' belongs to product 'aria'."]


def test_dry_run_writes_nothing(setup):
    assert _import(GOOD, dry_run=True).ok
    assert not Product.objects.exists()


def test_permissions(setup):
    with pytest.raises(PermissionDenied):
        _import(GOOD, actor=CUSTOMER)
    with pytest.raises(PermissionDenied, match="prices"):
        _import(GOOD, actor=DESIGNER)  # may edit the catalog, not prices


def test_export_round_trips(setup):
    _import(GOOD)
    out = io.StringIO()
    assert catalog_csv_export(file=out, actor=MANAGER) == 3
    text = out.getvalue()
    assert "ARIA-OAK,4006381333931,,colour=oak,,2590.00,," in text
    assert text.splitlines()[0].endswith("price:ch,price:eu,price:uk,price:us")
    assert catalog_csv_import(file=io.StringIO(text), actor=MANAGER).ok


def test_management_commands(setup, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD[2].replace(",890,", ",-5,"))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("catalog_import", str(bad))
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "".join(GOOD))
    out = io.StringIO()
    call_command("catalog_import", str(good), stdout=out)
    assert "imported 3 variants, 5 prices" in out.getvalue()
    exported = tmp_path / "out.csv"
    call_command("catalog_export", str(exported), stderr=io.StringIO())
    assert exported.read_text().count("\n") == 4
