import pytest
from django.core.files.storage import FileSystemStorage

from atelier.sales.models import CreditNote, Invoice
from atelier.sales.tests.helpers import make_world


@pytest.fixture(autouse=True)
def _documents_in_tmp(tmp_path, monkeypatch):
    """Invoice and credit-note PDFs go to a temporary folder, never to var/."""
    storage = FileSystemStorage(location=tmp_path / "private")
    for model in (Invoice, CreditNote):
        monkeypatch.setattr(model._meta.get_field("pdf"), "storage", storage)


@pytest.fixture
def world(db):
    return make_world()
