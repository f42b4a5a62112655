"""Collections: content, membership, rules and private grants."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from atelier.catalog.enums import CollectionKind, Visibility
from atelier.catalog.models import Collection, CollectionProduct, Product
from atelier.catalog.richtext import sanitize_html
from atelier.catalog.services._common import clean_and_save, require, set_history_user
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed

COLLECTION_FIELDS = frozenset(
    {
        "name",
        "slug",
        "description",
        "kind",
        "rule_category",
        "rule_manufacturer",
        "rule_made_to_order",
        "hero_image",
        "video",
        "video_url",
        "visibility",
        "max_quantity",
        "position",
        "is_active",
    }
)


def collection_create(*, name: str, slug: str, actor: Actor, **fields) -> Collection:
    unknown = set(fields) - COLLECTION_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown collection fields: {', '.join(sorted(unknown))}.")
    return collection_save(collection=Collection(name=name, slug=slug, **fields), actor=actor)


def collection_update(*, collection: Collection, actor: Actor, **changes) -> Collection:
    unknown = set(changes) - COLLECTION_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown collection fields: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(collection, name, value)
    return collection_save(collection=collection, actor=actor)


@transaction.atomic
def collection_save(*, collection: Collection, actor: Actor) -> Collection:
    require(actor)
    collection.description = sanitize_html(collection.description)
    if collection.video_url and not collection.video_url.startswith("https://"):
        raise ValidationFailed("video_url: use an https:// link.")
    if collection.visibility == Visibility.PRIVATE and collection.kind != CollectionKind.MANUAL:
        raise ValidationFailed(
            "A private collection is hand-picked: its members must be chosen, not derived."
        )
    if collection.kind == CollectionKind.MANUAL and _has_rules(collection):
        raise ValidationFailed("Rules apply only to rule-based collections.")
    cache.bump("catalog")
    return clean_and_save(collection, actor=actor)


def _has_rules(collection: Collection) -> bool:
    return any(
        (
            collection.rule_category_id,
            collection.rule_manufacturer_id,
            collection.rule_made_to_order is not None,
        )
    )


@transaction.atomic
def collection_set_products(
    *, collection: Collection, products: Sequence[Product], actor: Actor
) -> Collection:
    """Hand-pick the collection's products, in this order."""
    require(actor)
    if collection.kind != CollectionKind.MANUAL:
        raise ValidationFailed("Rule-based collections choose their products by their rules.")
    if len({p.pk for p in products}) != len(products):
        raise ValidationFailed("A product appears twice in the list.")
    CollectionProduct.objects.filter(collection=collection).delete()
    CollectionProduct.objects.bulk_create(
        [
            CollectionProduct(collection=collection, product=p, position=i)
            for i, p in enumerate(products)
        ]
    )
    cache.bump("catalog")
    return collection


@transaction.atomic
def collection_set_rule_values(*, collection: Collection, values: Iterable, actor: Actor):
    require(actor)
    if collection.kind != CollectionKind.RULE:
        raise ValidationFailed("Only rule-based collections have attribute rules.")
    collection.rule_values.set(list(values))
    cache.bump("catalog")
    return collection


@transaction.atomic
def collection_grant(
    *, collection: Collection, users: Iterable = (), groups: Iterable = (), actor: Actor
) -> Collection:
    """Let these customers and customer groups see a private collection."""
    require(actor)
    if collection.visibility != Visibility.PRIVATE:
        raise ValidationFailed("Only private collections are granted; public ones are open.")
    set_history_user(collection, actor)
    collection.granted_users.add(*users)
    collection.granted_groups.add(*groups)
    cache.bump("catalog")
    return collection


@transaction.atomic
def collection_revoke(
    *, collection: Collection, users: Iterable = (), groups: Iterable = (), actor: Actor
) -> Collection:
    require(actor)
    set_history_user(collection, actor)
    collection.granted_users.remove(*users)
    collection.granted_groups.remove(*groups)
    cache.bump("catalog")
    return collection
