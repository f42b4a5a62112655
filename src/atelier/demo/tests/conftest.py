from io import StringIO

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command

from atelier.catalog.models import ProductionFile
from atelier.demo import loader


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _demo_files_in_tmp(settings, tmp_path, monkeypatch):
    """Uploads go to a temporary folder, never to var/; no demo pictures unless asked."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEMO_MEDIA = "none"
    settings.DEMO_MEDIA_CACHE = None
    field = ProductionFile._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "private"))


@pytest.fixture
def demo(db, monkeypatch):
    """The demo company (places, workshops, people), loaded through the management
    command. The catalog steps are left out here to keep these tests quick; the whole
    demo, catalog included, is loaded (once per module) by test_catalog_demo.py."""
    monkeypatch.setattr(loader, "STEPS", loader.ORGANISATION_STEPS)
    return run("load_demo")
