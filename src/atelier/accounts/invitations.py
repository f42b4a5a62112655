"""Invitations to the manufacturer portal: the only way a workshop contact gets an account.

A manager (`manage_production` or `manage_users`) invites an e-mail address for one
manufacturer; the e-mail leaves through the outbox with a link carrying a random token,
signed (tampering is refused before the database is asked). Only the token's SHA-256 is
stored. The link works once, until `PORTAL_INVITATION_DAYS` have passed, and only for the
invited e-mail and manufacturer.

Inviting an address that already has an account is refused (409 `account_exists`);
inviting an address with an open invitation for the same manufacturer re-sends it with a
new token (the old link stops working); for another manufacturer it is refused.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from atelier.accounts.models import ManufacturerInvitation, User
from atelier.accounts.roles import Cap
from atelier.core import outbox
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.roles import Role
from atelier.org.models import Manufacturer

log = logging.getLogger(__name__)
SALT = "atelier.portal.invitation"
INVALID = "This invitation link is not valid. Ask for a new invitation."
EXPIRED = "This invitation has expired. Ask for a new invitation."
USED = "This invitation has already been used. Sign in instead."


def may_invite(actor: Actor) -> bool:
    return actor.is_system or any(
        actor.has_perm(c.perm) for c in (Cap.MANAGE_PRODUCTION, Cap.MANAGE_USERS)
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _days() -> int:
    return max(1, int(getattr(settings, "PORTAL_INVITATION_DAYS", 7)))


def invitation_link(invitation_id: int, raw: str) -> str:
    signed = signing.dumps({"i": invitation_id, "t": raw}, salt=SALT, compress=True)
    path = reverse("portal:invitation", kwargs={"token": signed})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def invitation_create(
    *,
    email: str,
    manufacturer_id: int,
    actor: Actor,
    first_name: str = "",
    last_name: str = "",
) -> ManufacturerInvitation:
    """Invite `email` to the portal for `manufacturer_id` (or re-send an open invitation)."""
    if not may_invite(actor):
        raise PermissionDenied("You may not invite manufacturers.")
    email = _clean_email(email)
    maker = Manufacturer.objects.filter(pk=manufacturer_id, is_active=True).first()
    if maker is None:
        raise ValidationFailed("Choose an active manufacturer.", code="unknown_manufacturer")
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise Conflict("An account with this e-mail address already exists.", code="account_exists")
    raw = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = _open_or_new(email, maker, actor, raw, first_name, last_name)
            _send(invitation, raw)
    except IntegrityError:  # a concurrent invitation of the same address
        raise Conflict("This address is being invited already.", code="invitation_open") from None
    log.info("portal invitation %s for manufacturer %s by %s", invitation.pk, maker.pk, actor.label)
    return invitation


def _open_or_new(email, maker, actor, raw, first_name, last_name) -> ManufacturerInvitation:
    expires = timezone.now() + timedelta(days=_days())
    existing = (
        ManufacturerInvitation.objects.select_for_update()
        .filter(email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    if existing is not None:
        if existing.manufacturer_id != maker.pk:
            raise Conflict(
                "This address has an open invitation for another manufacturer.",
                code="invitation_other_manufacturer",
            )
        existing.token_hash = _hash(raw)
        existing.expires_at = expires
        existing.sent_count += 1
        existing.save(update_fields=["token_hash", "expires_at", "sent_count"])
        return existing
    return ManufacturerInvitation.objects.create(
        email=email,
        manufacturer=maker,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
        token_hash=_hash(raw),
        expires_at=expires,
        invited_by_id=actor.user_id,
        invited_by_label=actor.label[:160],
    )


def _send(invitation: ManufacturerInvitation, raw: str) -> None:
    link = invitation_link(invitation.pk, raw)
    text = (
        f"Hello,\n\nYou are invited to the Atelier manufacturer portal for "
        f"{invitation.manufacturer.name}.\nSet your password here (the link works once, "
        f"until {invitation.expires_at:%Y-%m-%d %H:%M} UTC):\n\n{link}\n"
    )
    outbox.enqueue(
        channel="email",
        payload={
            "to": invitation.email,
            "subject": "Your invitation to the Atelier manufacturer portal",
            "text": text,
        },
        idempotency_key=f"portal-invitation:{invitation.pk}:{invitation.token_hash[:16]}",
    )


@dataclass(frozen=True)
class OpenInvitation:
    id: int
    email: str
    manufacturer_id: int
    manufacturer_name: str
    first_name: str
    last_name: str


def invitation_check(token: str) -> OpenInvitation:
    """The open invitation a link stands for; NotFound (tampered, unknown, replaced),
    Conflict (used) or ValidationFailed (expired) otherwise. Writes nothing."""
    row = _find(token)
    return OpenInvitation(
        id=row.pk,
        email=row.email,
        manufacturer_id=row.manufacturer_id,
        manufacturer_name=row.manufacturer.name,
        first_name=row.first_name,
        last_name=row.last_name,
    )


def _find(token: str, *, lock: bool = False) -> ManufacturerInvitation:
    try:
        data = signing.loads(token or "", salt=SALT)
        invitation_id, raw = int(data["i"]), str(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise NotFound(INVALID, code="invitation_invalid") from None
    rows = ManufacturerInvitation.objects.select_related("manufacturer")
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.filter(pk=invitation_id, token_hash=_hash(raw)).first()
    if row is None:
        raise NotFound(INVALID, code="invitation_invalid")
    if row.accepted_at is not None:
        raise Conflict(USED, code="invitation_used")
    if row.expires_at <= timezone.now():
        raise ValidationFailed(EXPIRED, code="invitation_expired")
    if not row.manufacturer.is_active:
        raise NotFound(INVALID, code="invitation_invalid")
    return row


def invitation_accept(*, token: str, password: str, first_name: str = "", last_name: str = ""):
    """Create the invitee's manufacturer account (password checked by Django's validators)
    and close the invitation, in one transaction. Refused and nothing written when the
    link is invalid, used or expired, or the password is weak."""
    from atelier.accounts.services import user_create_staff
    from atelier.core.actor import system_actor

    with transaction.atomic():
        row = _find(token, lock=True)
        user = user_create_staff(
            email=row.email,
            role=Role.MANUFACTURER,
            manufacturer=row.manufacturer,
            first_name=(first_name or row.first_name).strip()[:150],
            last_name=(last_name or row.last_name).strip()[:150],
            password=password,
            actor=system_actor(f"invitation {row.pk}"),
        )
        row.accepted_at = timezone.now()
        row.user = user
        row.save(update_fields=["accepted_at", "user"])
    log.info("portal invitation %s accepted: user %s", row.pk, user.pk)
    return user


def invitations_open(actor: Actor):
    """Open invitations, newest first, for the back-office page."""
    if not may_invite(actor):
        raise PermissionDenied("You may not invite manufacturers.")
    return ManufacturerInvitation.objects.select_related("manufacturer").filter(
        accepted_at__isnull=True
    )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed("Enter a valid e-mail address.", code="invalid_email") from None
    return email
