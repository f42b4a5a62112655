import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage

from atelier.catalog.models import ProductionFile
from atelier.portal.tests.helpers import make_portal
from atelier.production.models import CompletionPhoto
from atelier.purchasing.models import PurchaseOrderFile
from atelier.quality.models import InspectionPhoto


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    """Every private file of the world goes to one temporary storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private = FileSystemStorage(location=tmp_path / "private")
    for model in (ProductionFile, PurchaseOrderFile, InspectionPhoto):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", private)
    monkeypatch.setattr(CompletionPhoto._meta.get_field("image"), "storage", private)
    monkeypatch.setattr("atelier.quality.facade.private_storage", lambda: private)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def portal(db):
    return make_portal()


@pytest.fixture
def client_a(client, portal):
    client.force_login(portal.user_a)
    return client


@pytest.fixture
def client_b(client, portal):
    client.force_login(portal.user_b)
    return client
