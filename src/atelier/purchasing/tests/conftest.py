import pytest
from django.core.files.storage import FileSystemStorage

from atelier.catalog.models import ProductionFile
from atelier.purchasing.models import PurchaseOrderFile
from atelier.purchasing.tests.helpers import make_world


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    """Product and purchase order files share one temporary private storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = FileSystemStorage(location=tmp_path / "private")
    for model in (ProductionFile, PurchaseOrderFile):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", private)


@pytest.fixture
def world(db):
    return make_world()
