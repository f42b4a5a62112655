import pytest
from django.core.files.storage import FileSystemStorage

from atelier.catalog.models import ProductionFile


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path, monkeypatch):
    """Uploads and thumbnails go to a temporary folder, never to var/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    field = ProductionFile._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "private"))
