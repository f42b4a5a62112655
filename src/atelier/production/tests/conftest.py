import pytest
from django.core.files.storage import FileSystemStorage

from atelier.catalog.models import ProductionFile
from atelier.production.models import CompletionPhoto
from atelier.production.tests.helpers import make_world
from atelier.purchasing.models import PurchaseOrderFile


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    """Product, purchase order and completion files go to a temporary private storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = FileSystemStorage(location=tmp_path / "private")
    for model in (ProductionFile, PurchaseOrderFile):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", private)
    monkeypatch.setattr(CompletionPhoto._meta.get_field("image"), "storage", private)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def published(monkeypatch):
    """Events production publishes, captured instead of delivered."""
    seen = []
    monkeypatch.setattr("atelier.production.services.publish", seen.append)
    return seen
