"""The people to talk to at each workshop."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from atelier.accounts.roles import Cap
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.purchasing.models import ManufacturerContact
from atelier.purchasing.services import _common as check


def _require(actor: Actor, manufacturer_id: int | None = None) -> None:
    """Production managers edit any workshop's contacts; a workshop's portal users its own
    (another workshop's looks like a missing one)."""
    if actor.is_system or actor.has_perm(Cap.MANAGE_PRODUCTION.perm):
        return
    if actor.manufacturer_id is not None and actor.has_perm(Cap.USE_PORTAL.perm):
        if manufacturer_id != actor.manufacturer_id:
            raise NotFound("No such contact.")
        return
    raise PermissionDenied("You may not edit manufacturer contacts.")


def manufacturer_contact_add(
    *,
    manufacturer_id: int,
    name: str,
    email: str = "",
    phone: str = "",
    role: str = "",
    is_primary: bool = False,
    actor: Actor,
) -> ManufacturerContact:
    _require(actor, manufacturer_id)
    maker = check.manufacturer(manufacturer_id, active=False)
    name = check.text(name, "name", max_length=120, required=True)
    email = check.text(email, "email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationFailed("Give a valid e-mail address.", field="email") from None
    with transaction.atomic():
        if is_primary:
            maker.workshop_contacts.update(is_primary=False)
        return ManufacturerContact.objects.create(
            manufacturer=maker,
            name=name,
            email=email,
            phone=check.text(phone, "phone", max_length=40),
            role=check.text(role, "role", max_length=80),
            is_primary=bool(is_primary),
        )


def manufacturer_contact_remove(*, contact_id: int, actor: Actor) -> None:
    row = ManufacturerContact.objects.filter(pk=contact_id).first()
    if row is None:
        raise NotFound("No such contact.")
    _require(actor, row.manufacturer_id)
    deleted, _ = ManufacturerContact.objects.filter(pk=contact_id).delete()
    if not deleted:
        raise NotFound("No such contact.")
