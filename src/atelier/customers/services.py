"""Writes for the customers context. For now: customer groups and their members, and
the addresses a customer keeps in their account.

The CRM issue extends this (customers, preferences, notes).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.customers.models import ContactPreference, CustomerAddress, CustomerGroup


def _require(actor: Actor) -> None:
    if not actor.has_perm(Cap.MANAGE_CUSTOMERS.perm):
        raise PermissionDenied("You are not allowed to manage customers.")


def _history_user(group: CustomerGroup, actor: Actor) -> None:
    if actor.user_id is not None:
        group._history_user = get_user_model()(pk=actor.user_id)


@transaction.atomic
def customer_group_upsert(*, slug: str, name: str, actor: Actor) -> tuple[CustomerGroup, bool]:
    """Create the group `slug`, or rename it; saves (and writes history) only on a change."""
    _require(actor)
    group = CustomerGroup.objects.select_for_update().filter(slug=slug).first()
    created = group is None
    if not created and group.name == name:
        return group, False
    group = group or CustomerGroup(slug=slug)
    group.name = name
    try:
        group.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(f"Invalid customer group {slug!r}: {exc.messages}") from None
    _history_user(group, actor)
    group.save()
    return group, created


@transaction.atomic
def customer_group_add_members(*, group: CustomerGroup, users: Iterable, actor: Actor) -> int:
    """Add customers to the group; returns how many were not members yet."""
    _require(actor)
    users = list(users)
    if any(getattr(u, "kind", "customer") != "customer" for u in users):
        raise ValidationFailed("Only customer accounts join customer groups.")
    present = set(group.members.filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    new = [u for u in users if u.pk not in present]
    if new:
        group.members.add(*new)
    return len(new)


# --- Saved addresses (the customer's own) -----------------------------------------------

MAX_SAVED_ADDRESSES = 20
ADDRESS_FIELDS = ("label", "name", "company", "line1", "line2", "postcode", "city", "state")
STATE_REQUIRED = {"US", "CA", "AU"}


def customer_address_save(
    *, actor: Actor, data, address: CustomerAddress | None = None
) -> CustomerAddress:
    """Add a saved address (`address` None) or change one of the actor's own. The first
    address, or one marked `is_default`, becomes the default (the others lose it)."""
    if actor.user_id is None:
        raise PermissionDenied("Sign in to keep addresses.")
    if address is not None and address.user_id != actor.user_id:
        raise NotFound("No such address.")
    with transaction.atomic():
        mine = CustomerAddress.objects.select_for_update().filter(user_id=actor.user_id)
        count = len(mine)
        if address is None and count >= MAX_SAVED_ADDRESSES:
            raise ValidationFailed(
                f"You can keep {MAX_SAVED_ADDRESSES} addresses; delete one first.",
                code="too_many_addresses",
            )
        address = address or CustomerAddress(user_id=actor.user_id)
        _fill_address(address, data)
        address.is_default = (
            bool(data.get("is_default"))
            or count == 0
            or (address.pk is not None and address.is_default)
        )
        if address.is_default:
            mine.exclude(pk=address.pk).filter(is_default=True).update(is_default=False)
        _history_user(address, actor)
        address.save()
    return address


def customer_address_delete(*, actor: Actor, address: CustomerAddress) -> None:
    """Delete one of the actor's own addresses; the next one becomes the default."""
    if actor.user_id is None or address.user_id != actor.user_id:
        raise NotFound("No such address.")
    with transaction.atomic():
        _history_user(address, actor)
        was_default = address.is_default
        address.delete()
        if was_default:
            following = CustomerAddress.objects.filter(user_id=actor.user_id).order_by("id")
            following.filter(pk__in=following.values("pk")[:1]).update(is_default=True)


def _fill_address(address: CustomerAddress, data) -> None:
    for name in ADDRESS_FIELDS:
        value = data.get(name, "")
        setattr(address, name, value.strip() if isinstance(value, str) else "")
    country = data.get("country", "")
    address.country = country.strip().upper() if isinstance(country, str) else ""
    address.state = address.state.upper()
    try:
        address.full_clean(exclude=["user", "is_default"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(f"{field}: {messages[0]}", field=field) from None
    if str(address.country) in STATE_REQUIRED and not address.state:
        raise ValidationFailed(
            f"state: required for an address in {address.country.name}.", field="state"
        )


CONTACT_LANGUAGES = ("en", "fr", "it", "de")


@transaction.atomic
def contact_preference_set(
    *, user_id: int, actor: Actor, sms_opt_in: bool, phone: str = "", language: str = ""
) -> ContactPreference:
    """The customer's own choice (or staff managing customers): text messages need a
    phone number; the language is one we write messages in, or "" (not chosen)."""
    if actor.user_id != user_id:
        _require(actor)
    if not get_user_model().objects.filter(pk=user_id).exists():
        raise NotFound("No such customer.")
    phone = _clean_phone(phone)
    if sms_opt_in and not phone:
        raise ValidationFailed(
            "phone: enter a phone number to receive text messages.", field="phone"
        )
    language = (language or "").strip().lower()
    if language and language not in CONTACT_LANGUAGES:
        raise ValidationFailed(
            f"language: choose one of {', '.join(CONTACT_LANGUAGES)}.", field="language"
        )
    preference, _ = ContactPreference.objects.select_for_update().get_or_create(user_id=user_id)
    preference.phone, preference.sms_opt_in, preference.language = phone, bool(sms_opt_in), language
    preference.save()
    return preference


def _clean_phone(phone: str) -> str:
    from phonenumber_field.phonenumber import PhoneNumber
    from phonenumbers import NumberParseException

    phone = (phone or "").strip()
    if not phone:
        return ""
    try:
        number = PhoneNumber.from_string(phone)
    except NumberParseException:
        number = None
    if number is None or not number.is_valid():
        raise ValidationFailed(
            "phone: enter a valid number with its country code (+33...).", field="phone"
        )
    return number.as_e164
