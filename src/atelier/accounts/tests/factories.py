"""Test helpers shared by accounts, org and backoffice tests: rows made through services."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from atelier.accounts import services
from atelier.core.actor import system_actor
from atelier.core.roles import Role
from atelier.org.models import Boutique, Manufacturer, Region

PASSWORD = "Correct-horse-42-battery"


def make_region(code: str, currency: str = "EUR") -> Region:
    return Region.objects.create(code=code, name=code.upper(), currency=currency)


def make_boutique(code: str, region: Region, *, name: str | None = None) -> Boutique:
    return Boutique.objects.create(
        code=code, name=name or code.title(), region=region, city=code.title(), country="FR"
    )


def make_manufacturer(code: str) -> Manufacturer:
    return Manufacturer.objects.create(code=code, name=code.title(), country="IT")


def make_user(role: Role | str, email: str | None = None, *, password: str = PASSWORD, **scope):
    """A user of `role` made the way the product makes them (sign-up or an admin)."""
    role = Role(role)
    email = email or f"{role.value.replace('_', '.')}@atelier.test"
    if role == Role.CUSTOMER:
        return services.customer_create(email=email, password=password)
    return services.user_create_staff(
        email=email, role=role, password=password, actor=system_actor("test"), **scope
    )


def activate_totp(user) -> str:
    """Give `user` a TOTP authenticator (allauth's own helper); returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app would show now (allauth's own HOTP maths)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def wrong_totp_code(secret: str) -> str:
    """A six-digit code that is valid for no counter in the tolerance window."""
    valid = {format_hotp_value(hotp_value(secret, c)) for c in yield_hotp_counters_from_time()}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def totp_of(user) -> Authenticator:
    return Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
