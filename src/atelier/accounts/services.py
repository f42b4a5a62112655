"""Writes for accounts: role groups, customer accounts, staff and workshop accounts.

Customers make their own accounts (sign-up, `customer_signup_complete`) or are created
by `customer_create` (demo data, imports). Staff and manufacturer accounts are made only
by someone who may manage users (`user_create_staff`), never by sign-up.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from contextlib import contextmanager

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from atelier.accounts.models import Capability, User
from atelier.accounts.roles import Cap, sync_role_groups
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.roles import BOUTIQUE_ROLES, REGION_ROLES, STAFF_ROLES, Role
from atelier.org.models import Boutique, Manufacturer, Region

log = logging.getLogger(__name__)

# Only a super admin (or the system) may create accounts with these roles.
_PRIVILEGED_ROLES = frozenset({Role.ADMIN, Role.SUPER_ADMIN})


def sync_roles() -> None:
    """Bring the fourteen groups and their permissions in line with `ROLE_CAPABILITIES`."""
    with transaction.atomic():
        sync_role_groups(
            group_model=Group,
            permission_model=Permission,
            content_type_model=ContentType,
            capabilities=Capability._meta.permissions,
        )


def customer_create(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    verified: bool = True,
) -> User:
    """A customer account with a usable password, in the "customer" group.

    `verified` records the e-mail address as confirmed (customers who sign up confirm it
    themselves; demo and imported customers are taken as confirmed).
    """
    email = _clean_new_email(email)
    user = User(email=email, kind="customer", first_name=first_name, last_name=last_name)
    _check_password(password, user)
    with _one_account_per_email(), transaction.atomic():
        user.set_password(password)
        user.save()
        user.groups.add(_role_group(Role.CUSTOMER))
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    log.info("customer account %s created", user.pk)
    return user


def customer_signup_complete(*, user: User) -> User:
    """Finish an account made by the sign-up form: it is a customer, nothing more.

    allauth has set the e-mail and password; the e-mail address row and its
    verification are allauth's job.
    """
    user.kind = "customer"
    user.is_staff = False
    user.is_superuser = False
    with transaction.atomic():
        user.save()
        user.groups.add(_role_group(Role.CUSTOMER))
    return user


def user_create_staff(
    *,
    email: str,
    role: str,
    actor: Actor,
    boutiques: Iterable[Boutique | str] = (),
    regions: Iterable[Region | str] = (),
    manufacturer: Manufacturer | str | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """A staff account (any back-office role) or a manufacturer contact, in its role's group.

    Boutiques, regions and manufacturer are given as rows or codes and must fit the role:
    sales representatives and store managers need at least one boutique, sales directors
    at least one region, manufacturer contacts their manufacturer; no role may be given
    scoping it does not use. Without `password` the account cannot sign in until its
    owner sets one through "forgot password". Admin and super admin accounts can be made
    only by a super admin. Raises `PermissionDenied` or `ValidationFailed`; nothing is
    written then.
    """
    role = _check_may_create(role, actor)
    email = _clean_new_email(email)
    boutique_rows = _resolve(Boutique, boutiques, "boutique")
    region_rows = _resolve(Region, regions, "region")
    manufacturer_row = _resolve(
        Manufacturer, [manufacturer] if manufacturer else [], "manufacturer"
    )
    _check_scoping(role, boutique_rows, region_rows, manufacturer_row)
    user = User(
        email=email,
        kind="manufacturer" if role == Role.MANUFACTURER else "staff",
        first_name=first_name,
        last_name=last_name,
        manufacturer=manufacturer_row[0] if manufacturer_row else None,
        is_staff=role == Role.SUPER_ADMIN,
        is_superuser=role == Role.SUPER_ADMIN,
    )
    if password is not None:
        _check_password(password, user)
    with _one_account_per_email(), transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
        user.boutiques.set(boutique_rows)
        user.regions.set(region_rows)
        user.groups.add(_role_group(role))
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    log.info("%s account %s created by %s", role, user.pk, actor.label)
    return user


def _check_may_create(role: str, actor: Actor) -> Role:
    if not actor.has_perm(Cap.MANAGE_USERS.perm):
        raise PermissionDenied("You are not allowed to create accounts.")
    if role not in Role.values:
        raise ValidationFailed(f"Unknown role {role!r}.", code="unknown_role")
    role = Role(role)
    if role not in STAFF_ROLES | {Role.MANUFACTURER}:
        raise ValidationFailed(
            f"{role.label} accounts are not created by staff: customers sign up themselves.",
            code="role_not_allowed",
        )
    if role in _PRIVILEGED_ROLES and not (
        actor.is_system or actor.is_superuser or actor.has_role(Role.SUPER_ADMIN)
    ):
        raise PermissionDenied(f"Only a super admin can create {role.label.lower()} accounts.")
    return role


def _check_scoping(role: Role, boutiques: list, regions: list, manufacturer: list) -> None:
    given = {"boutique": boutiques, "region": regions, "manufacturer": manufacturer}
    needed = None
    if role in BOUTIQUE_ROLES:
        needed = "boutique"
    elif role in REGION_ROLES:
        needed = "region"
    elif role == Role.MANUFACTURER:
        needed = "manufacturer"
    if needed and not given[needed]:
        raise ValidationFailed(
            f"A {role.label.lower()} account needs a {needed}.", code=f"{needed}_required"
        )
    for kind, rows in given.items():
        if kind != needed and rows:
            raise ValidationFailed(
                f"{role.label} accounts are not tied to a {kind}.",
                code=f"{kind}_not_allowed",
            )


def _resolve(model, items: Iterable, kind: str) -> list:
    if isinstance(items, str | model):
        items = [items]
    rows, codes = [], []
    for item in items:
        if isinstance(item, model):
            rows.append(item)
        else:
            codes.append(str(item))
    if codes:
        found = {row.code: row for row in model.objects.filter(code__in=codes)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise ValidationFailed(
                f"Unknown {kind}: {', '.join(sorted(missing))}.", code=f"unknown_{kind}"
            )
        rows.extend(found[c] for c in codes)
    return rows


def _clean_new_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed("Enter a valid e-mail address.", code="invalid_email") from None
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise _email_taken()
    return email


def _email_taken() -> ValidationFailed:
    return ValidationFailed(
        "An account with this e-mail address already exists.", code="email_taken"
    )


@contextmanager
def _one_account_per_email():
    """Two simultaneous sign-ups with one address: the loser gets the same clear error."""
    try:
        yield
    except IntegrityError:
        raise _email_taken() from None


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="weak_password") from None


def _role_group(role: Role) -> Group:
    group = Group.objects.filter(name=role.value).first()
    if group is None:  # a flushed test database: groups come back from the code
        sync_roles()
        group = Group.objects.get(name=role.value)
    return group
