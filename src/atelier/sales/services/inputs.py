"""Checking what customers and staff type: e-mail, phone, postal addresses.

Each check raises ValidationFailed naming the field, before anything is written."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_countries import countries
from phonenumber_field.phonenumber import PhoneNumber
from phonenumbers import NumberParseException

from atelier.core.errors import ValidationFailed
from atelier.sales.enums import ErrorCode
from atelier.sales.models import Address

ADDRESS_FIELDS = {
    "name": 160,
    "company": 160,
    "line1": 200,
    "line2": 200,
    "postcode": 20,
    "city": 80,
    "state": 40,
    "country": 2,
}
REQUIRED = ("name", "line1", "city", "country")
STATE_REQUIRED = {"US", "CA", "AU"}


def clean_email(email, field: str = "email") -> str:
    email = email.strip() if isinstance(email, str) else ""
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed(f"{field}: enter a valid e-mail address.", field=field) from None
    return email


def clean_phone(phone, *, country: str = "", field: str = "phone") -> str:
    """E.164 (+33…) of `phone`, read in `country`'s format when no + prefix; '' if none."""
    phone = phone.strip() if isinstance(phone, str) else ""
    if not phone:
        return ""
    try:
        number = PhoneNumber.from_string(phone, region=country or None)
    except NumberParseException:
        number = None
    if number is None or not number.is_valid():
        raise ValidationFailed(f"{field}: enter a valid phone number.", field=field)
    return number.as_e164


def clean_address(data, field: str) -> Address:
    """An unsaved Address from a mapping (name, line1, city, country, …)."""
    if isinstance(data, Address):
        return data
    if not isinstance(data, Mapping):
        raise ValidationFailed(f"{field}: give an address.", code=ErrorCode.ADDRESS, field=field)
    values = {}
    for name, limit in ADDRESS_FIELDS.items():
        raw = data.get(name, "")
        value = raw.strip() if isinstance(raw, str) else ""
        if raw not in (None, "") and not isinstance(raw, str):
            raise ValidationFailed(f"{field}.{name}: text expected.", field=f"{field}.{name}")
        if len(value) > limit:
            raise ValidationFailed(
                f"{field}.{name}: at most {limit} characters.", field=f"{field}.{name}"
            )
        values[name] = value
    _check_required(values, field)
    return Address(**values)


def _check_required(values: dict, field: str) -> None:
    for name in REQUIRED:
        if not values[name]:
            raise ValidationFailed(
                f"{field}.{name} is required.", code=ErrorCode.ADDRESS, field=f"{field}.{name}"
            )
    values["country"] = values["country"].upper()
    if values["country"] not in countries:
        raise ValidationFailed(
            f"{field}.country: {values['country']!r} is not a country code.",
            code=ErrorCode.ADDRESS,
            field=f"{field}.country",
        )
    values["state"] = values["state"].upper()
    if values["country"] in STATE_REQUIRED and not values["state"]:
        raise ValidationFailed(
            f"{field}.state is required in {values['country']}.",
            code=ErrorCode.ADDRESS,
            field=f"{field}.state",
        )


def clean_idempotency_key(key) -> str:
    key = key.strip() if isinstance(key, str) else ""
    if len(key) > 120 or not key.isprintable():
        raise ValidationFailed(
            "Idempotency-Key: at most 120 printable characters.",
            code=ErrorCode.IDEMPOTENCY_KEY,
            field="Idempotency-Key",
        )
    return key
