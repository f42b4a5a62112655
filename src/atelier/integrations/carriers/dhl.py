"""DHL Express through the MyDHL API (2.13): rates, address check, shipments, tracking.

One `httpx.Client` per configuration (Basic auth with `DHL_API_KEY` / `DHL_API_SECRET`,
base URL `DHL_API_BASE`), a `Message-Reference` header on every request, and bounded
retries where they are safe:

- reads (rates, address check, tracking) are retried on 429 (after `Retry-After`, capped),
  5xx, timeouts and network errors, then `CarrierUnavailable`;
- POST /shipments is retried only when DHL cannot have booked anything: 429, or a
  connection that never opened. A read timeout, a dropped connection or a 5xx after the
  request was sent is `ShipmentOutcomeUnknown`, and `bookings.book_once` makes sure the
  same reference is never sent again until a person has checked;
- 4xx answers are `CarrierRejected` with DHL's own `detail` / `additionalDetails`.

Customs declarations are checked locally (`customs.validate_declaration`) before any
request is built.
"""

from __future__ import annotations

import base64
import logging
import re
import time
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from email.utils import formatdate

import httpx

from atelier.core.money import Money
from atelier.integrations.carriers import addresses
from atelier.integrations.carriers.bookings import book_once
from atelier.integrations.carriers.customs import validate_declaration
from atelier.integrations.carriers.port import (
    AddressCheck,
    BookedShipment,
    CarrierRejected,
    CarrierUnavailable,
    CustomsDeclaration,
    Parcel,
    Party,
    Rate,
    RateRequest,
    ShipmentOutcomeUnknown,
    ShipmentRequest,
    TrackingEvent,
)
from atelier.integrations.carriers.rating import rates_from_next_business_day

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
BACKOFF_SECONDS = (0.5, 2.0)  # before the 2nd and 3rd attempt
MAX_RETRY_AFTER_SECONDS = 10.0
PLANNED_TIME = "10:00:00 GMT+00:00"
EXPORT_REASON_TYPES = {
    "sale": "permanent",
    "permanent": "permanent",
    "temporary": "temporary",
    "return": "return",
    "used_exhibition": "used_exhibition_goods_to_origin",
    "gift": "permanent",
    "personal_belongings": "personal_belongings_or_personal_use",
    "repair": "temporary",
    "warranty": "return",
}
OUT_FOR_DELIVERY = {"WC"}
DELIVERED = {"OK", "DD"}
EXCEPTIONS = {"NH", "CA", "BA", "MD", "RD", "RT", "DM", "UD", "DS", "SS", "CM", "OH"}


class _NotSent(Exception):
    """The request never reached DHL (connection refused or not opened)."""


def dhl_datetime(day: date) -> str:
    """MyDHL's `plannedShippingDateAndTime`, e.g. 2026-12-01T10:00:00 GMT+00:00."""
    return f"{day.isoformat()}T{PLANNED_TIME}"


def problem_details(response: httpx.Response) -> list[str]:
    """DHL's messages from an error body ({detail, additionalDetails} or a map of them)."""
    try:
        body = response.json()
    except ValueError:
        return [response.text[:300]] if response.text else []
    if not isinstance(body, dict):
        return [str(body)[:300]]
    found = body if "detail" in body or "additionalDetails" in body else None
    problems = [found] if found else [v for v in body.values() if isinstance(v, dict)]
    messages: list[str] = []
    for problem in problems:
        if problem.get("detail"):
            messages.append(str(problem["detail"]))
        messages += [str(x) for x in problem.get("additionalDetails") or []]
    return messages or [str(body.get("message") or body.get("title") or "")[:300]]


def _retry_after(response: httpx.Response | None, attempt: int) -> float:
    header = response.headers.get("Retry-After", "") if response is not None else ""
    if header.strip().isdigit():
        return min(float(header), MAX_RETRY_AFTER_SECONDS)
    return BACKOFF_SECONDS[min(attempt - 1, len(BACKOFF_SECONDS) - 1)]


def _address(party: Party) -> dict:
    data = {
        "postalCode": party.postcode,
        "cityName": party.city,
        "countryCode": party.country.upper(),
        "addressLine1": party.line1,
    }
    if party.line2:
        data["addressLine2"] = party.line2
    if party.state:
        data["provinceCode"] = party.state
    return data


def _contact(party: Party) -> dict:
    return {
        "fullName": party.name,
        "companyName": party.company or party.name,
        "phone": party.phone,
        **({"email": party.email} if party.email else {}),
    }


def _package(parcel: Parcel, reference: str = "") -> dict:
    data = {
        "weight": float(parcel.weight_kg),
        "dimensions": {
            "length": float(parcel.length_cm),
            "width": float(parcel.width_cm),
            "height": float(parcel.height_cm),
        },
    }
    if reference:
        data["customerReferences"] = [{"value": reference[:35], "typeCode": "CU"}]
    return data


def export_declaration(decl: CustomsDeclaration) -> dict:
    reason_type = EXPORT_REASON_TYPES.get(decl.export_reason, "permanent")
    return {
        "lineItems": [
            {
                "number": n,
                "description": line.description[:512],
                "price": float(line.unit_value),
                "quantity": {"value": line.quantity, "unitOfMeasurement": "PCS"},
                "commodityCodes": [
                    {"typeCode": "outbound", "value": line.hs_code.replace(".", "")}
                ],
                "exportReasonType": reason_type,
                "manufacturerCountry": line.country_of_manufacture,
                "weight": {"netValue": float(line.weight_kg), "grossValue": float(line.weight_kg)},
            }
            for n, line in enumerate(decl.lines, start=1)
        ],
        "invoice": {
            "number": decl.invoice_number,
            "date": decl.invoice_date.isoformat(),
            "totalNetWeight": float(decl.total_weight_kg),
        },
        "exportReason": decl.export_reason,
        "exportReasonType": reason_type,
    }


def _local_datetime(text: str | None) -> datetime | None:
    """DHL's local 'YYYY-MM-DDTHH:MM:SS' (offset unknown: read as UTC), or with 'Z'."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _event_status(code: str) -> str:
    if code in DELIVERED:
        return "delivered"
    if code in OUT_FOR_DELIVERY:
        return "out_for_delivery"
    if code in EXCEPTIONS:
        return "exception"
    return "shipped"


def _offset(text: str | None):
    m = re.fullmatch(r"([+-])(\d{2}):(\d{2})", text or "")
    if not m:
        return UTC
    delta = timedelta(hours=int(m.group(2)), minutes=int(m.group(3)))
    return timezone(delta if m.group(1) == "+" else -delta)


class DHLExpressClient:
    name = "dhl"

    def __init__(
        self,
        *,
        api_base: str,
        api_key: str,
        api_secret: str,
        account_number: str,
        timeout: float = 20.0,
        sleep=time.sleep,
        transport: httpx.BaseTransport | None = None,
    ):
        self.account_number = account_number
        self._sleep = sleep
        self._http = httpx.Client(
            base_url=api_base.rstrip("/"),
            auth=(api_key, api_secret),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"Accept": "application/json", "x-version": "2.13.0"},
            transport=transport,
        )

    # --- HTTP -------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, safe: bool, **kwargs) -> httpx.Response:
        """One answer from DHL, retried as far as `safe` allows; raises on failure."""
        what = f"{method} {path.split('?')[0]}"
        response = None
        for attempt in range(1, MAX_ATTEMPTS + 1):
            headers = {
                "Message-Reference": str(uuid.uuid4()),
                "Message-Reference-Date": formatdate(usegmt=True),
            }
            try:
                response = self._http.request(method, path, headers=headers, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                reason = f"DHL could not be reached ({type(exc).__name__})"
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if not safe:
                    raise ShipmentOutcomeUnknown(
                        f"DHL did not answer {what} ({type(exc).__name__}); the shipment may "
                        "have been booked. Check with DHL before booking again."
                    ) from exc
                reason = f"DHL did not answer ({type(exc).__name__})"
            else:
                status = response.status_code
                if status < 400:
                    return response
                if status == 429:
                    reason = "DHL is rate-limiting requests (429)"
                elif status >= 500:
                    if not safe:
                        raise ShipmentOutcomeUnknown(
                            f"DHL failed while booking ({status}); the shipment may have been "
                            "booked. Check with DHL before booking again.",
                            status=status,
                            details=problem_details(response),
                        )
                    reason = f"DHL failed ({status})"
                else:
                    raise CarrierRejected(
                        f"DHL refused {what} ({status}).",
                        status=status,
                        details=problem_details(response),
                    )
            if attempt < MAX_ATTEMPTS:
                log.warning("%s: %s; attempt %d, retrying", what, reason, attempt)
                self._sleep(_retry_after(response, attempt))
                response = None
        status = None
        details = ()
        if response is not None:
            status, details = response.status_code, problem_details(response)
        raise CarrierUnavailable(
            f"{reason} for {what} after {MAX_ATTEMPTS} attempts; try again later.",
            status=status,
            details=details,
        )

    # --- rates ------------------------------------------------------------------------
    def rates(self, req: RateRequest) -> list[Rate]:
        if not req.parcels:
            raise CarrierRejected("At least one parcel is needed for a rate.")
        return rates_from_next_business_day(req, lambda day: self._rates_for(req, day))

    def _rates_body(self, req: RateRequest, day: date) -> dict:
        body = {
            "customerDetails": {
                "shipperDetails": _address(req.origin),
                "receiverDetails": _address(req.destination),
            },
            "accounts": [{"typeCode": "shipper", "number": self.account_number}],
            "plannedShippingDateAndTime": dhl_datetime(day),
            "unitOfMeasurement": "metric",
            "isCustomsDeclarable": req.customs_declarable,
            "estimatedDeliveryDate": {"isRequested": True, "typeCode": "QDDC"},
            "nextBusinessDay": False,
            "packages": [_package(p) for p in req.parcels],
        }
        if req.declared_value is not None:
            body["monetaryAmount"] = [
                {
                    "typeCode": "declaredValue",
                    "value": float(req.declared_value.amount),
                    "currency": req.declared_value.currency,
                }
            ]
        return body

    def _rates_for(self, req: RateRequest, day: date) -> list[Rate]:
        try:
            response = self._send("POST", "/rates", safe=True, json=self._rates_body(req, day))
        except CarrierRejected as exc:
            if exc.status == 404:  # "no products for these criteria"
                return []
            raise
        rates = []
        for product in response.json().get("products") or []:
            price = self._price(product)
            if price is None:
                continue
            delivery = (product.get("deliveryCapabilities") or {}).get(
                "estimatedDeliveryDateAndTime"
            )
            rates.append(
                Rate(
                    product_code=product.get("productCode", ""),
                    product_name=product.get("productName", ""),
                    total=price,
                    ship_date=day,
                    requested_date=req.ship_date,
                    estimated_delivery=_local_datetime(delivery),
                )
            )
        return rates

    @staticmethod
    def _price(product: dict) -> Money | None:
        """The price in the billing currency (BILLC), else the first one given."""
        prices = [p for p in product.get("totalPrice") or [] if p.get("priceCurrency")]
        billed = [p for p in prices if p.get("currencyType") == "BILLC"] or prices
        if not billed:
            return None
        return Money(Decimal(str(billed[0]["price"])), billed[0]["priceCurrency"]).rounded()

    # --- addresses ----------------------------------------------------------------------
    def validate_address(self, party: Party) -> AddressCheck:
        problem = addresses.missing(party)
        if problem:
            return AddressCheck(False, None, problem)
        country = party.country.upper()
        params = {"type": "delivery", "countryCode": country, "strictValidation": "false"}
        if party.postcode:
            params["postalCode"] = party.postcode.strip()
        else:
            params["cityName"] = party.city[:45]
        try:
            response = self._send("GET", "/address-validate", safe=True, params=params)
            found = response.json().get("address") or []
        except CarrierRejected as exc:
            if exc.status != 404:  # 404: DHL knows no such address
                raise
            found = []
        wanted = addresses.normalise_postcode(party.postcode, country)
        same_code = [
            a
            for a in found
            if addresses.normalise_postcode(a.get("postalCode", ""), country) == wanted
        ]
        candidates = tuple(
            Party(
                **{
                    **party.__dict__,
                    "postcode": a.get("postalCode", ""),
                    "city": a.get("cityName", ""),
                }
            )
            for a in found[:10]
        )
        if not same_code:
            return AddressCheck(
                False,
                None,
                f"DHL does not know postcode {party.postcode!r} in {country}.",
                candidates,
            )
        cities = [a.get("cityName", "") for a in same_code]
        city = addresses.city_in(party.city, cities)
        if city is None:
            return AddressCheck(
                False,
                None,
                f"{party.city!r} is not a city for postcode {party.postcode} "
                f"(DHL: {', '.join(cities)}).",
                candidates,
            )
        normalised = Party(
            **{
                **party.__dict__,
                "country": country,
                "city": city,
                "postcode": same_code[0]["postalCode"],
            }
        )
        return AddressCheck(True, normalised, "Postcode and city confirmed by DHL.")

    # --- shipments ----------------------------------------------------------------------
    def create_shipment(self, req: ShipmentRequest) -> BookedShipment:
        body = self.shipment_body(req)  # customs checked here, before anything is recorded
        return book_once(self.name, req, lambda: self._book(req, body))

    def shipment_body(self, req: ShipmentRequest) -> dict:
        if not req.parcels:
            raise CarrierRejected("A shipment needs at least one parcel.")
        images = [{"typeCode": "label", "templateName": "ECOM26_84_001"}]
        content = {
            "packages": [_package(p, req.reference) for p in req.parcels],
            "isCustomsDeclarable": req.customs is not None,
            "description": (req.description or "Furniture")[:70],
            "incoterm": "DAP",
            "unitOfMeasurement": "metric",
        }
        if req.customs is not None:
            validate_declaration(
                req.customs,
                destination_country=req.destination.country,
                origin_country=req.origin.country,
                parcels_weight_kg=sum((p.weight_kg for p in req.parcels), Decimal(0)),
            )
            content.update(
                declaredValue=float(req.customs.total_value),
                declaredValueCurrency=req.customs.currency.upper(),
                incoterm=req.customs.incoterm,
                exportDeclaration=export_declaration(req.customs),
            )
            images.append(
                {
                    "typeCode": "invoice",
                    "templateName": "COMMERCIAL_INVOICE_P_10",
                    "isRequested": True,
                }
            )
        return {
            "plannedShippingDateAndTime": dhl_datetime(req.ship_date),
            "pickup": {"isRequested": False},
            "productCode": req.product_code,
            "accounts": [{"typeCode": "shipper", "number": self.account_number}],
            "customerReferences": [{"value": req.reference[:35], "typeCode": "CU"}],
            "outputImageProperties": {"encodingFormat": "pdf", "imageOptions": images},
            "customerDetails": {
                "shipperDetails": {
                    "postalAddress": _address(req.origin),
                    "contactInformation": _contact(req.origin),
                },
                "receiverDetails": {
                    "postalAddress": _address(req.destination),
                    "contactInformation": _contact(req.destination),
                },
            },
            "content": content,
        }

    def _book(self, req: ShipmentRequest, body: dict) -> BookedShipment:
        data = self._send("POST", "/shipments", safe=False, json=body).json()
        label, documents, names = b"", [], {"label"}
        for n, doc in enumerate(data.get("documents") or [], start=1):
            content = base64.b64decode(doc.get("content") or "")
            kind = doc.get("typeCode") or "document"
            if kind == "label" and not label:
                label = content
                continue
            name = kind if kind not in names else f"{kind}-{n}"  # "invoice", "label-2"
            names.add(name)
            documents.append((name, content))
        return BookedShipment(
            reference=req.reference,
            tracking_number=str(data.get("shipmentTrackingNumber", "")),
            label_pdf=label,
            carrier=self.name,
            tracking_url=data.get("trackingUrl", ""),
            documents=tuple(documents),
        )

    # --- tracking -------------------------------------------------------------------------
    def track(self, tracking_number: str) -> list[TrackingEvent]:
        if not re.fullmatch(r"[A-Za-z0-9]{6,40}", tracking_number or ""):
            raise CarrierRejected(f"{tracking_number!r} is not a DHL tracking number.")
        response = self._send(
            "GET",
            f"/shipments/{tracking_number}/tracking",
            safe=True,
            params={"trackingView": "all-checkpoints", "levelOfDetail": "shipment"},
        )
        events = []
        for shipment in response.json().get("shipments") or []:
            for e in shipment.get("events") or []:
                try:
                    at = datetime.fromisoformat(f"{e['date']}T{e.get('time') or '00:00:00'}")
                except (KeyError, ValueError):
                    continue
                areas = e.get("serviceArea") or [{}]
                events.append(
                    TrackingEvent(
                        status=_event_status(e.get("typeCode", "")),
                        at=at.replace(tzinfo=_offset(e.get("GMTOffset"))),
                        description=e.get("description", ""),
                        location=areas[0].get("description", ""),
                    )
                )
        return sorted(events, key=lambda ev: ev.at)

    def close(self) -> None:
        self._http.close()
