import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage

from atelier.shipping.models import Shipment
from atelier.shipping.tests.helpers import RecordingCarrier, warehouse

CARRIER_USERS = (
    "atelier.shipping.services.preparing.carrier",
    "atelier.shipping.services.booking.carrier",
    "atelier.shipping.services.tracking.carrier",
    "atelier.shipping.checkout_methods.carrier",
)


@pytest.fixture(autouse=True)
def _private_files_in_tmp(tmp_path, monkeypatch, settings):
    storage = FileSystemStorage(location=tmp_path / "private")
    for name in ("label", "customs_invoice"):
        monkeypatch.setattr(Shipment._meta.get_field(name), "storage", storage)
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    cache.clear()


@pytest.fixture
def carrier(monkeypatch):
    """The recording fake carrier, used by every shipping module."""
    found = RecordingCarrier()
    for path in CARRIER_USERS:
        monkeypatch.setattr(path, lambda name=None: found)
    return found


@pytest.fixture
def origin(db):
    return warehouse()
