"""Build the Actor for a user, once per request (ActorMiddleware) or task."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Value

from atelier.accounts.models import User
from atelier.core.actor import ANONYMOUS, Actor, system_actor


def actor_for(user) -> Actor:
    """The Actor for `user` (anonymous: the guest actor), cached on the user object.

    Costs at most three queries for staff (roles with their permissions, direct
    permissions, boutiques and regions together) and two for everyone else; none the
    second time. An inactive user has no roles, permissions or scope.
    """
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_atelier_actor", None)
    if cached is not None:
        return cached
    actor = _build(user) if user.is_active else Actor(user_id=user.pk, label=str(user))
    user._atelier_actor = actor
    return actor


def actor_for_task(user_id: int | None, *, label: str = "system") -> Actor:
    """The Actor for background work started by `user_id`, or the system actor if none.

    Tasks get ids, not user objects; a user deleted since the task was queued acts as
    nobody (no roles, no permissions) rather than failing.
    """
    if user_id is None:
        return system_actor(label)
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return Actor(user_id=None, label=f"deleted user {user_id}")
    return actor_for(user)


def _build(user: User) -> Actor:
    roles, permissions = set(), set()
    for name, app_label, codename in user.groups.values_list(
        "name", "permissions__content_type__app_label", "permissions__codename"
    ):
        roles.add(name)
        if codename:
            permissions.add(f"{app_label}.{codename}")
    permissions.update(
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.filter(user=user).values_list(
            "content_type__app_label", "codename"
        )
    )
    boutique_ids, region_ids = _scope_ids(user) if user.kind == "staff" else (set(), set())
    return Actor(
        user_id=user.pk,
        label=str(user),
        roles=frozenset(roles),
        permissions=frozenset(permissions),
        manufacturer_id=user.manufacturer_id,
        boutique_ids=frozenset(boutique_ids),
        region_ids=frozenset(region_ids),
        is_superuser=user.is_superuser,
    )


def _scope_ids(user: User) -> tuple[set[int], set[int]]:
    """The user's boutique and region ids in one query."""
    boutiques = User.boutiques.through.objects.filter(user_id=user.pk).values_list(
        Value("b"), "boutique_id"
    )
    regions = User.regions.through.objects.filter(user_id=user.pk).values_list(
        Value("r"), "region_id"
    )
    boutique_ids, region_ids = set(), set()
    for kind, pk in boutiques.union(regions, all=True):
        (boutique_ids if kind == "b" else region_ids).add(pk)
    return boutique_ids, region_ids
