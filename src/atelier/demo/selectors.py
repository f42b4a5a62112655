"""Reads for the demo tools: which demo accounts exist and how to sign in with them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse

from atelier.catalog.enums import Visibility
from atelier.catalog.models import Collection
from atelier.core.roles import Role
from atelier.demo.data import LOGIN_URL_NAMES

# Display order: people who sell first, then the back of house, then the keys to it all.
_ROLE_ORDER = {
    role.value: i
    for i, role in enumerate(
        (
            Role.SALES_DIRECTOR,
            Role.STORE_MANAGER,
            Role.SALES_REPRESENTATIVE,
            Role.ECOMMERCE_MANAGER,
            Role.CUSTOMER_SERVICE_MANAGER,
            Role.DESIGNER,
            Role.PRODUCTION_MANAGER,
            Role.QUALITY_CONTROLLER,
            Role.ACCOUNTING_MANAGER,
            Role.ADMIN,
            Role.SUPER_ADMIN,
            Role.MANUFACTURER,
            Role.CUSTOMER,
        )
    )
}
_KIND_ORDER = {"staff": 0, "manufacturer": 1, "customer": 2}


@dataclass(frozen=True)
class DemoAccount:
    kind: str  # staff, manufacturer or customer
    role: str  # role value(s), e.g. "store_manager"
    role_label: str
    email: str
    name: str
    password: str
    boutique: str  # code, "" when not scoped to a boutique
    boutique_name: str
    manufacturer: str  # code
    manufacturer_name: str
    region: str  # code: the user's region, or their boutique's
    login_url: str

    def as_json(self) -> dict[str, str]:
        keys = ("role", "email", "password", "boutique", "manufacturer", "region", "login_url")
        return {k: v for k, v in asdict(self).items() if k in keys}


def users_by_email(emails: Iterable[str]) -> dict[str, object]:
    """Existing users among `emails`, keyed by their (lower-case) e-mail."""
    wanted = [e.lower() for e in emails]
    return {u.email: u for u in get_user_model().objects.filter(email__in=wanted)}


def demo_accounts() -> list[DemoAccount]:
    """Every demo login, staff first (by role), then workshops, then customers."""
    users = (
        get_user_model()
        .objects.filter(is_demo=True)
        .select_related("manufacturer")
        .prefetch_related("groups", "boutiques__region", "regions")
    )
    accounts = [_account(u) for u in users]
    return sorted(accounts, key=_sort_key)


def _account(user) -> DemoAccount:
    roles = sorted((g.name for g in user.groups.all()), key=lambda r: _ROLE_ORDER.get(r, 99))
    boutiques = list(user.boutiques.all())
    regions = [r.code for r in user.regions.all()] or sorted({b.region.code for b in boutiques})
    return DemoAccount(
        kind=user.kind,
        role=", ".join(roles) or user.kind,
        role_label=", ".join(_label(r) for r in roles) or user.kind.title(),
        email=user.email,
        name=user.get_full_name(),
        password=settings.DEMO_PASSWORD,
        boutique=", ".join(b.code for b in boutiques),
        boutique_name=", ".join(b.name for b in boutiques),
        manufacturer=user.manufacturer.code if user.manufacturer else "",
        manufacturer_name=user.manufacturer.name if user.manufacturer else "",
        region=", ".join(regions),
        login_url=login_url(user.kind),
    )


def login_url(kind: str) -> str:
    """The sign-in page for a kind of account (staff, manufacturer, customer)."""
    for name in LOGIN_URL_NAMES.get(kind, LOGIN_URL_NAMES["customer"]):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return resolve_url(settings.LOGIN_URL)


def _label(role: str) -> str:
    return Role(role).label if role in Role.values else role


def _sort_key(a: DemoAccount) -> tuple:
    role_rank = _ROLE_ORDER.get(a.role.split(", ")[0], 99)
    return (_KIND_ORDER.get(a.kind, 9), role_rank, a.region, a.boutique, a.email)


@dataclass(frozen=True)
class PrivateCollectionAccess:
    """Who sees a private collection: customers granted it directly, and through groups."""

    name: str
    slug: str
    max_quantity: int | None
    users: tuple[str, ...]  # e-mails
    groups: tuple[tuple[str, tuple[str, ...]], ...]  # (group name, member e-mails)


def private_collection_access() -> list[PrivateCollectionAccess]:
    """Every active private collection and the customers who may see it. Three queries."""
    rows = Collection.objects.filter(
        visibility=Visibility.PRIVATE, is_active=True
    ).prefetch_related("granted_users", "granted_groups__members")
    return [
        PrivateCollectionAccess(
            name=c.name,
            slug=c.slug,
            max_quantity=c.max_quantity,
            users=tuple(sorted(u.email for u in c.granted_users.all())),
            groups=tuple(
                (g.name, tuple(sorted(m.email for m in g.members.all())))
                for g in c.granted_groups.all()
            ),
        )
        for c in rows
    ]
