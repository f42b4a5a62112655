"""Rates, the chosen rate, the customs declaration and booking.

The customs declaration is built from the shipment lines and the catalogue (HS code,
country of manufacture, weight) and validated locally before the carrier is called; a
refusal lists every problem and nothing is sent. White-glove deliveries are booked on
their slot, without a carrier."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, ValidationFailed
from atelier.core.money import Money
from atelier.integrations.carriers.customs import validate_declaration
from atelier.integrations.carriers.port import (
    BookedShipment,
    CustomsDeclaration,
    CustomsInvalid,
    CustomsLine,
    Rate,
    RateRequest,
    ShipmentOutcomeUnknown,
    ShipmentRequest,
)
from atelier.integrations.carriers.registry import carrier
from atelier.shipping.enums import ShipmentStatus
from atelier.shipping.models import Shipment
from atelier.shipping.services import _common as c
from atelier.shipping.services.notifying import announce

# Shipments inside this area need no customs declaration.
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


def needs_customs(origin_country: str, destination_country: str) -> bool:
    a, b = origin_country.upper(), destination_country.upper()
    return a != b and not (a in EU and b in EU)


# --- rates -----------------------------------------------------------------------------


def shipment_rates(
    *, shipment: Shipment, actor: Actor, ship_date: date | None = None
) -> list[Rate]:
    """The carrier's products for this shipment; each says the date it is for (a weekend
    or holiday moves it to the next business day). Nothing is written."""
    c.require_manage(actor)
    if shipment.is_white_glove:
        raise ValidationFailed(
            "White-glove deliveries are not priced by a carrier: book a slot.", code="white_glove"
        )
    day = ship_date or shipment.ship_date or date.today()
    if day < date.today():
        raise ValidationFailed("The ship date cannot be in the past.", code="ship_date")
    origin, dest = c.origin(), c.destination(shipment)
    request = RateRequest(
        origin=origin,
        destination=dest,
        parcels=c.parcels(shipment),
        ship_date=day,
        declared_value=_value(shipment),
        customs_declarable=needs_customs(origin.country, dest.country),
    )
    with c.carrier_errors():
        return carrier().rates(request)


def _value(shipment: Shipment) -> Money:
    total = sum((ln.unit_value * ln.quantity for ln in shipment.lines.all()), Decimal(0))
    return Money(total, shipment.currency)


def shipment_choose_rate(
    *, shipment: Shipment, product_code: str, actor: Actor, ship_date: date | None = None
) -> Shipment:
    """Keep the carrier's rate for `product_code` (asked again: never a price from a form)."""
    c.require_manage(actor)
    c.require_editable(shipment, "the rate can change")
    rates = shipment_rates(shipment=shipment, actor=actor, ship_date=ship_date)
    rate = next((r for r in rates if r.product_code == (product_code or "").strip()), None)
    if rate is None:
        offered = ", ".join(r.product_code for r in rates) or "none"
        raise ValidationFailed(
            f"The carrier offers no product {product_code!r} here (offered: {offered}).",
            code="product_code",
        )
    with c.atomic():
        locked = c.lock(shipment)
        c.require_editable(locked, "the rate can change")
        if locked.product_code:
            old = " ".join(
                str(v)
                for v in (
                    locked.product_code,
                    locked.rate_amount,
                    locked.rate_currency,
                    locked.rate_date,
                )
            )
            new = f"{rate.product_code} {rate.total.amount} {rate.total.currency} {rate.ship_date}"
            c.record(locked, "rate", old, new, "Another rate chosen", actor)
            c.reopen(locked, actor=actor, reason="Another rate chosen")
        locked.carrier = carrier().name
        locked.product_code, locked.product_name = rate.product_code, rate.product_name
        locked.rate_amount, locked.rate_currency = rate.total.amount, rate.total.currency
        locked.rate_date = locked.ship_date = rate.ship_date
        locked.save(
            update_fields=[
                "carrier", "product_code", "product_name", "rate_amount", "rate_currency",
                "rate_date", "ship_date",
            ]
        )  # fmt: skip
    return locked


# --- customs -----------------------------------------------------------------------------


def customs_declaration(shipment: Shipment) -> CustomsDeclaration:
    """The declaration built from the lines and the catalogue (not validated)."""
    lines = list(shipment.lines.all())
    data = catalog.shipping_data({line.variant_id for line in lines})
    out = []
    for line in lines:
        info = data.get(line.variant_id)
        weight = (info.weight_kg or Decimal(0)) if info else Decimal(0)
        name = info.product_name if info else line.description
        materials = f" ({info.materials})" if info and info.materials else ""
        out.append(
            CustomsLine(
                description=f"{name}{materials}"[:512],
                hs_code=info.hs_code if info else "",
                country_of_manufacture=info.country_of_manufacture if info else "",
                quantity=line.quantity,
                weight_kg=Decimal(weight) * line.quantity,
                unit_value=Decimal(line.unit_value),
            )
        )
    return CustomsDeclaration(
        lines=tuple(out),
        currency=shipment.currency,
        incoterm=shipment.incoterm,
        invoice_number=shipment.number,
        invoice_date=shipment.ship_date or date.today(),
    )


@dataclass(frozen=True)
class CustomsCheck:
    needed: bool
    declaration: CustomsDeclaration | None
    problems: tuple[str, ...]


def customs_check(shipment: Shipment) -> CustomsCheck:
    """Whether a declaration is needed, and what is wrong with it (for the page too)."""
    origin, dest = c.origin(), c.destination(shipment)
    if not needs_customs(origin.country, dest.country):
        return CustomsCheck(False, None, ())
    decl = customs_declaration(shipment)
    try:
        validate_declaration(
            decl,
            destination_country=dest.country,
            origin_country=origin.country,
            declared_total=_value(shipment),
        )
    except CustomsInvalid as exc:
        return CustomsCheck(True, decl, tuple(exc.problems))
    return CustomsCheck(True, decl, ())


def _customs_snapshot(decl: CustomsDeclaration | None) -> dict:
    if decl is None:
        return {}
    return {
        "currency": decl.currency,
        "incoterm": decl.incoterm,
        "invoice_number": decl.invoice_number,
        "invoice_date": decl.invoice_date.isoformat(),
        "export_reason": decl.export_reason,
        "lines": [
            {
                "description": ln.description,
                "hs_code": ln.hs_code,
                "country_of_manufacture": ln.country_of_manufacture,
                "quantity": ln.quantity,
                "weight_kg": str(ln.weight_kg),
                "unit_value": str(ln.unit_value),
            }
            for ln in decl.lines
        ],
    }


# --- booking -----------------------------------------------------------------------------


def shipment_book(*, shipment: Shipment, actor: Actor) -> Shipment:
    """Book a confirmed shipment: a white-glove slot, or the carrier with the chosen rate,
    parcels from the catalogue and (across a customs border) the validated declaration."""
    c.require_manage(actor)
    c.require_move(shipment, ShipmentStatus.BOOKED, actor)
    if shipment.is_white_glove:
        return _book_slot(shipment, actor)
    if shipment.rate_date and shipment.rate_date < date.today():
        raise ValidationFailed(
            f"The rate is for {shipment.rate_date:%d %b %Y}, which has passed: "
            "choose a rate again.",
            code="rate_expired",
        )
    check = customs_check(shipment)
    if check.problems:
        raise ValidationFailed(
            "The customs declaration is not valid: " + " ".join(check.problems),
            code="customs_invalid",
            problems=list(check.problems),
        )
    booked = _send(shipment, _request(shipment, check.declaration))
    with c.atomic():
        locked = c.lock(shipment)
        locked.label.save(f"{locked.number}-label.pdf", ContentFile(booked.label_pdf), save=False)
        invoice = next((doc for name, doc in booked.documents if name == "invoice"), None)
        if invoice:
            locked.customs_invoice.save(
                f"{locked.number}-customs-invoice.pdf", ContentFile(invoice), save=False
            )
        locked.save(update_fields=["label", "customs_invoice"])
        locked = c.move(
            locked,
            ShipmentStatus.BOOKED,
            actor=actor,
            carrier=booked.carrier,
            tracking_number=booked.tracking_number,
            tracking_url=booked.tracking_url,
            customs=_customs_snapshot(check.declaration),
            booked_at=c.now(),
            booking_note="",
        )
        announce(locked, ShipmentStatus.BOOKED)
    return locked


def _request(shipment: Shipment, customs: CustomsDeclaration | None) -> ShipmentRequest:
    return ShipmentRequest(
        reference=shipment.number,
        product_code=shipment.product_code,
        ship_date=shipment.ship_date or date.today(),
        origin=c.origin(),
        destination=c.destination(shipment),
        parcels=c.parcels(shipment),
        customs=customs,
        description=", ".join(ln.description for ln in shipment.lines.all())[:70] or "Furniture",
    )


def _send(shipment: Shipment, request: ShipmentRequest) -> BookedShipment:
    try:
        with c.carrier_errors():
            return carrier().create_shipment(request)
    except Conflict as exc:
        if isinstance(exc.__cause__, ShipmentOutcomeUnknown):
            Shipment.objects.filter(pk=shipment.pk).update(booking_note=exc.message[:300])
        raise
    except ValidationFailed:
        raise
    except CustomsInvalid as exc:  # the carrier's own local check (should not happen)
        raise ValidationFailed(
            "The customs declaration is not valid: " + " ".join(exc.problems),
            code="customs_invalid",
            problems=exc.problems,
        ) from exc


def _book_slot(shipment: Shipment, actor: Actor) -> Shipment:
    if not shipment.slot_date:
        raise ValidationFailed("Book a delivery slot first.", code="no_slot")
    with c.atomic():
        locked = c.move(
            shipment,
            ShipmentStatus.BOOKED,
            actor=actor,
            carrier="white_glove",
            booked_at=c.now(),
        )
        announce(locked, ShipmentStatus.BOOKED)
    return locked
