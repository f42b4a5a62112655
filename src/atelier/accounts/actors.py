"""Build the Actor for a user, once per request or task."""

from atelier.core.actor import ANONYMOUS, Actor


def actor_for(user) -> Actor:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_atelier_actor", None)
    if cached is not None:
        return cached
    perms = frozenset(user.get_all_permissions()) if user.is_active else frozenset()
    actor = Actor(
        user_id=user.pk,
        label=str(user),
        roles=frozenset(user.groups.values_list("name", flat=True))
        if user.is_active
        else frozenset(),
        permissions=perms,
        manufacturer_id=user.manufacturer_id,
        boutique_ids=frozenset(user.boutiques.values_list("id", flat=True)),
        region_ids=frozenset(user.regions.values_list("id", flat=True)),
        is_superuser=user.is_superuser and user.is_active,
    )
    user._atelier_actor = actor
    return actor
