"""Barcode labels as PDF: Code128 (python-barcode, SVG) laid out by WeasyPrint.

A variant label carries the SKU's barcode (its GTIN when it has one) with the product
name, and the location when printed for a shelf; a location label carries the
location's code for scanning shelves and bins. Nothing is fetched from outside: the
SVG is inlined and WeasyPrint may load only `data:` URLs.
"""

from __future__ import annotations

import base64

from barcode import Code128
from barcode.writer import SVGWriter
from django.template.loader import render_to_string

from atelier.catalog import facade as catalog
from atelier.core.errors import ValidationFailed
from atelier.inventory.models import Location

_WRITER_OPTIONS = {
    "module_height": 12.0,
    "module_width": 0.3,
    "quiet_zone": 2.0,
    "write_text": False,
}


def variant_label_pdf(*, variant_id: int, location: Location | None = None) -> bytes:
    """A 62 x 29 mm label for one variant (at one location when given)."""
    variant = catalog.get_variant(variant_id)
    code = variant.barcode or variant.sku
    return _pdf(
        code=code,
        title=variant.product_name,
        subtitle=" / ".join(filter(None, [variant.name, variant.sku])),
        footer=location.name if location else "",
    )


def location_label_pdf(*, location: Location) -> bytes:
    return _pdf(code=location.code, title=location.name, subtitle=location.get_kind_display())


def barcode_svg(code: str) -> bytes:
    if not code or not code.isascii():
        raise ValidationFailed("A barcode needs plain ASCII text.")
    return Code128(code, writer=SVGWriter()).render(_WRITER_OPTIONS)


def _pdf(*, code: str, title: str, subtitle: str = "", footer: str = "") -> bytes:
    from weasyprint import HTML  # heavy import: only when a label is printed
    from weasyprint.urls import URLFetcher

    svg = base64.b64encode(barcode_svg(code)).decode()
    html = render_to_string(
        "inventory/label.html",
        {"code": code, "svg": svg, "title": title, "subtitle": subtitle, "footer": footer},
    )
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
