"""Item labels as PDF: a QR code (segno) of the scan URL `/i/<code>` with the code in
text, laid out by WeasyPrint like the inventory's barcode labels. One 62 x 40 mm label
per piece, or an A4 sheet with every piece of a purchase order. Nothing is fetched
from outside: the QR is an inline SVG data URI and WeasyPrint may load only `data:`.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string

from atelier.production.models import ProductionItem


def scan_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/i/{code}"


def qr_data_uri(code: str) -> str:
    return segno.make(scan_url(code), error="m").svg_data_uri(scale=4, border=1)


def _cards(items: Sequence[ProductionItem]) -> list[dict]:
    return [
        {
            "code": item.code,
            "qr": qr_data_uri(item.code),
            "title": item.product_name,
            "subtitle": " / ".join(filter(None, [item.variant_name, item.sku])),
            "footer": f"{item.purchase_order_number} · {item.unit_index}",
        }
        for item in items
    ]


def item_label_pdf(item: ProductionItem) -> bytes:
    return _pdf("production/label.html", {"cards": _cards([item]), "title": item.code})


def po_label_sheet_pdf(number: str, items: Sequence[ProductionItem]) -> bytes:
    return _pdf("production/label_sheet.html", {"cards": _cards(items), "title": number})


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only when a label is printed
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
