import pytest
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage

from atelier.catalog.models import ProductionFile
from atelier.production.models import CompletionPhoto
from atelier.purchasing.models import PurchaseOrderFile
from atelier.quality.models import InspectionPhoto
from atelier.shipping.models import Shipment
from atelier.shipping.tests.helpers import RecordingCarrier, warehouse
from atelier.tracking.tests.helpers import make_world

CARRIER_USERS = (
    "atelier.shipping.services.preparing.carrier",
    "atelier.shipping.services.booking.carrier",
    "atelier.shipping.services.tracking.carrier",
    "atelier.shipping.checkout_methods.carrier",
)


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path, monkeypatch):
    """Product, purchase order, photo and label files go to a temporary storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.OUTBOX_DISPATCH_ON_COMMIT = False
    private = FileSystemStorage(location=tmp_path / "private")
    for model in (ProductionFile, PurchaseOrderFile, InspectionPhoto):
        monkeypatch.setattr(model._meta.get_field("file"), "storage", private)
    monkeypatch.setattr(CompletionPhoto._meta.get_field("image"), "storage", private)
    for name in ("label", "customs_invoice"):
        monkeypatch.setattr(Shipment._meta.get_field(name), "storage", private)
    cache.clear()


@pytest.fixture(autouse=True)
def _pipeline(settings):
    """Events reach the next context (handlers run when the test's block commits)."""
    settings.EVENT_WIRING = "atelier.tracking.tests.wiring.HANDLERS"
    settings.EVENTS_RAISE = True


@pytest.fixture
def carrier(monkeypatch):
    found = RecordingCarrier()
    for path in CARRIER_USERS:
        monkeypatch.setattr(path, lambda name=None: found)
    return found


@pytest.fixture
def world(db, carrier):
    warehouse()
    return make_world()
