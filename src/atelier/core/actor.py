"""The Actor: who is acting, built once per request or task and passed to every service.

It carries what scoping needs (role, manufacturer, boutiques, region) so that access
functions never look at `request`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    roles: frozenset[str] = field(default_factory=frozenset)
    permissions: frozenset[str] = field(default_factory=frozenset)
    manufacturer_id: int | None = None
    boutique_ids: frozenset[int] = field(default_factory=frozenset)
    region_ids: frozenset[int] = field(default_factory=frozenset)
    is_superuser: bool = False
    is_system: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.is_system

    def has_perm(self, perm: str) -> bool:
        return self.is_superuser or self.is_system or perm in self.permissions

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


ANONYMOUS = Actor(user_id=None, label="guest", roles=frozenset({"guest"}))


def system_actor(label: str = "system") -> Actor:
    """The actor for work nobody in particular started (scheduled jobs, webhooks)."""
    return Actor(user_id=None, label=label, is_system=True)
