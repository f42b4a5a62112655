"""Book each parcel set once: the guard every carrier's `create_shipment` goes through.

`book_once(carrier, req, send)` first claims `req.reference` in `CarrierBooking` (in a
transaction of its own when called outside one), then calls `send()`:

- already booked with the same request: the stored booking is returned, nothing is sent;
- already booked with a different request, or sent before with an unknown outcome (or
  being sent right now): refused (`CarrierRejected` / `ShipmentOutcomeUnknown`), nothing
  is sent;
- refused earlier or never sent (`failed`): sent again.

Call it outside a database transaction: the claim must be committed before the request
leaves, or a rollback would forget that something was sent.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction

from atelier.integrations.carriers.models import BookingStatus, CarrierBooking
from atelier.integrations.carriers.port import (
    BookedShipment,
    CarrierError,
    CarrierRejected,
    CarrierUnavailable,
    ShipmentOutcomeUnknown,
    ShipmentRequest,
)


def fingerprint(req: ShipmentRequest) -> str:
    return hashlib.sha256(repr(req).encode()).hexdigest()


def as_booked(row: CarrierBooking) -> BookedShipment:
    return BookedShipment(
        reference=row.reference,
        tracking_number=row.tracking_number,
        label_pdf=bytes(row.label_pdf or b""),
        carrier=row.carrier,
        tracking_url=row.tracking_url,
        documents=tuple((name, base64.b64decode(data)) for name, data in row.documents),
    )


def _claim(carrier: str, req: ShipmentRequest, fp: str) -> CarrierBooking | BookedShipment:
    """The row to send with (status pending), or the stored booking to return."""
    try:
        with transaction.atomic():
            return CarrierBooking.objects.create(
                reference=req.reference,
                carrier=carrier,
                fingerprint=fp,
                product_code=req.product_code,
                attempts=1,
            )
    except IntegrityError:
        pass
    row = CarrierBooking.objects.get(reference=req.reference)
    if row.status == BookingStatus.BOOKED:
        if row.fingerprint != fp or row.carrier != carrier:
            raise CarrierRejected(
                f"Reference {req.reference} is already booked ({row.carrier} "
                f"{row.tracking_number}) for different parcels; use a new reference."
            )
        return as_booked(row)
    if row.status in (BookingStatus.PENDING, BookingStatus.UNKNOWN):
        raise ShipmentOutcomeUnknown(
            f"Shipment {req.reference} was already sent to the carrier and its outcome is "
            "unknown; check with the carrier before booking again.",
            details=(row.error,) if row.error else (),
        )
    # FAILED: nothing was booked; take it again, unless another worker just did.
    claimed = CarrierBooking.objects.filter(pk=row.pk, status=BookingStatus.FAILED).update(
        status=BookingStatus.PENDING,
        fingerprint=fp,
        carrier=carrier,
        error="",
        product_code=req.product_code,
        attempts=row.attempts + 1,
    )
    if not claimed:
        raise ShipmentOutcomeUnknown(f"Shipment {req.reference} is being booked right now.")
    row.refresh_from_db()
    return row


def book_once(
    carrier: str, req: ShipmentRequest, send: Callable[[], BookedShipment]
) -> BookedShipment:
    fp = fingerprint(req)
    claimed = _claim(carrier, req, fp)
    if isinstance(claimed, BookedShipment):
        return claimed
    row = claimed
    try:
        booked = send()
    except (CarrierRejected, CarrierUnavailable) as exc:
        _finish(row, BookingStatus.FAILED, error=str(exc))
        raise
    except ShipmentOutcomeUnknown as exc:
        _finish(row, BookingStatus.UNKNOWN, error=str(exc))
        raise
    except CarrierError as exc:  # CustomsInvalid and the like: nothing was sent
        _finish(row, BookingStatus.FAILED, error=str(exc))
        raise
    except BaseException as exc:
        _finish(row, BookingStatus.UNKNOWN, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(
        row,
        BookingStatus.BOOKED,
        tracking_number=booked.tracking_number,
        tracking_url=booked.tracking_url,
        label_pdf=booked.label_pdf,
        documents=[[n, base64.b64encode(d).decode()] for n, d in booked.documents],
    )
    return booked


def _finish(row: CarrierBooking, status: str, **fields) -> None:
    CarrierBooking.objects.filter(pk=row.pk).update(status=status, **fields)


def booking_resolve(*, reference: str, tracking_number: str = "") -> None:
    """A person checked with the carrier a booking whose outcome was unknown: with a
    tracking number it is booked (no label stored), without one it was not and may be
    booked again."""
    row = CarrierBooking.objects.get(reference=reference)
    if row.status not in (BookingStatus.UNKNOWN, BookingStatus.PENDING):
        raise CarrierRejected(f"Booking {reference} is {row.status}, not unknown.")
    if tracking_number:
        _finish(row, BookingStatus.BOOKED, tracking_number=tracking_number, error="")
    else:
        _finish(row, BookingStatus.FAILED)
