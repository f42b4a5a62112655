import pytest
from django.core.files.storage import FileSystemStorage

from atelier.quality.models import InspectionPhoto
from atelier.quality.tests.helpers import make_world


@pytest.fixture(autouse=True)
def photo_storage(tmp_path, monkeypatch):
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(InspectionPhoto._meta.get_field("file"), "storage", storage)
    monkeypatch.setattr("atelier.quality.facade.private_storage", lambda: storage)
    return storage


@pytest.fixture
def world(db):
    return make_world()
