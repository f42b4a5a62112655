"""DHL Express at checkout: the carrier's own rate, as a sales shipping method.

Implements `sales.shipping_methods.port.ShippingMethod`; listed in
`settings.SALES_EXTRA_SHIPPING_METHODS` when `SHIPPING_DHL_AT_CHECKOUT` is on. Offered only
when every line is a stock piece whose packed weight the catalogue knows (made-to-order
pieces leave weeks later: they go white glove or standard), and only when the carrier
prices in the cart's currency. Answers are cached briefly so that a checkout page does
not call the carrier on every view; a carrier failure means "not offered"."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from decimal import Decimal

from django.core.cache import cache

from atelier.catalog import facade as catalog
from atelier.core.errors import DomainError
from atelier.integrations.carriers.port import CarrierError, Parcel, Party, RateRequest
from atelier.integrations.carriers.registry import carrier
from atelier.sales.shipping_methods.port import Destination, ShipmentSnapshot, ShippingQuote
from atelier.shipping.services._common import origin
from atelier.shipping.services.booking import needs_customs

logger = logging.getLogger(__name__)
CACHE_SECONDS = 600


class DhlExpress:
    def __init__(self, *, code: str = "dhl_express", name: str = "DHL Express"):
        self.code, self.name = code, name

    def quote(self, snapshot: ShipmentSnapshot, destination: Destination) -> ShippingQuote | None:
        if not snapshot.lines or any(line.made_to_order for line in snapshot.lines):
            return None
        parcels = _parcels(snapshot)
        if parcels is None or not destination.country:
            return None
        key = _key(snapshot, destination, parcels)
        found = cache.get(key)
        if found is None:
            found = self._ask(snapshot, destination, parcels) or ()
            cache.set(key, found, CACHE_SECONDS)
        return ShippingQuote(self.code, self.name, *found) if found else None

    def _ask(self, snapshot, destination, parcels) -> tuple | None:
        try:
            start = origin()
            dest = Party(
                name="",
                line1="",
                postcode=destination.postcode,
                city=destination.city,
                country=destination.country.upper(),
                state=destination.state,
            )
            rates = carrier().rates(
                RateRequest(
                    origin=start,
                    destination=dest,
                    parcels=parcels,
                    ship_date=date.today(),
                    declared_value=snapshot.goods,
                    customs_declarable=needs_customs(start.country, dest.country),
                )
            )
        except (CarrierError, DomainError) as exc:
            logger.warning("DHL Express not offered at checkout: %s", exc)
            return None
        usable = [r for r in rates if r.total.currency == snapshot.currency]
        if not usable:
            return None
        best = min(usable, key=lambda r: r.total.amount)
        eta = (
            f"Estimated delivery {best.estimated_delivery:%a %d %b}"
            if best.estimated_delivery
            else "Express"
        )
        return (best.total, eta)


def _parcels(snapshot: ShipmentSnapshot) -> tuple[Parcel, ...] | None:
    data = catalog.shipping_data({line.variant_id for line in snapshot.lines})
    out: list[Parcel] = []
    for line in snapshot.lines:
        info = data.get(line.variant_id)
        weight = line.weight_kg or (info.weight_kg if info else None)
        if info is None or not weight:
            return None
        size = info.package
        out += [
            Parcel(Decimal(weight), size.width_cm, size.depth_cm, size.height_cm)
        ] * line.quantity
    return tuple(out)


def _key(snapshot: ShipmentSnapshot, destination: Destination, parcels) -> str:
    raw = repr((snapshot.currency, destination, parcels, date.today()))
    return "shipping:dhl-quote:" + hashlib.sha256(raw.encode()).hexdigest()
