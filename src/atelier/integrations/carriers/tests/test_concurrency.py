"""Two workers booking the same parcels at the same moment send ONE request to DHL."""

import pytest

from atelier.core.testing.concurrency import concurrently
from atelier.integrations.carriers.models import BookingStatus, CarrierBooking
from atelier.integrations.carriers.tests.conftest import shipment_request

WORKERS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_reference_reach_dhl_once(dhl, stub):
    results = concurrently(WORKERS, lambda i: dhl.create_shipment(shipment_request()))

    assert len(stub.calls("POST", "/shipments")) == 1
    assert CarrierBooking.objects.get().status == BookingStatus.BOOKED
    # Each worker either booked it, got the stored booking, or was told it is being sent.
    assert len(results["ok"]) + len(results.get("other", [])) == WORKERS
    assert all("ShipmentOutcomeUnknown" in r for r in results.get("other", []))
