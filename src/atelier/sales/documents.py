"""PDF documents (invoices, credit notes) from HTML templates, with WeasyPrint."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only when a document is made

    html = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    return HTML(string=html, base_url=None).write_pdf()
