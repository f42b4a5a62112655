"""The only gate to catalog rows for pages and endpoints.

Storefront rule: a product is seen when it is published in the channel and is not in a
private collection -- unless the actor's user, or one of their customer groups, is
granted one of the (active) private collections that contain it. Catalog staff
(manage/publish capability) also see private products. Hidden looks like missing: 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from atelier.accounts.roles import Cap
from atelier.catalog.enums import Channel, PublicationStatus, Visibility
from atelier.catalog.models import Category, Collection, CollectionProduct, Product
from atelier.core.actor import Actor
from atelier.core.errors import NotFound
from atelier.customers import facade as customers


def is_catalog_staff(actor: Actor) -> bool:
    return actor.has_perm(Cap.MANAGE_CATALOG.perm) or actor.has_perm(Cap.PUBLISH_CATALOG.perm)


def granted_collections(actor: Actor) -> QuerySet[Collection]:
    """Active private collections granted to the actor's user or their groups."""
    who = Q()
    if actor.user_id is not None:
        who |= Q(granted_users__id=actor.user_id)
    group_ids = customers.group_ids_for_user(actor.user_id)
    if group_ids:
        who |= Q(granted_groups__id__in=group_ids)
    if not who:
        return Collection.objects.none()
    private = Collection.objects.filter(visibility=Visibility.PRIVATE, is_active=True)
    return private.filter(who)


def sees_public_catalog(actor: Actor) -> bool:
    """True when the actor sees exactly what a guest sees (not catalog staff, no private
    collection granted), so a page or API answer may be shared through the public cache.
    No query for guests; two for signed-in users."""
    if is_catalog_staff(actor):
        return False
    return actor.user_id is None or not granted_collections(actor).exists()


def collections_visible_to(actor: Actor) -> QuerySet[Collection]:
    active = Collection.objects.filter(is_active=True)
    if is_catalog_staff(actor):
        return active
    granted = granted_collections(actor).values("id")
    return active.filter(Q(visibility=Visibility.PUBLIC) | Q(id__in=granted))


def get_collection_for(actor: Actor, slug: str) -> Collection:
    collection = collections_visible_to(actor).filter(slug=slug).first()
    if collection is None:
        raise NotFound("No such collection.")
    return collection


def products_visible_to(actor: Actor, channel: str = Channel.ONLINE) -> QuerySet[Product]:
    """Products sold in `channel` that the actor may see (storefront, API, search, sitemap)."""
    if channel not in Channel.values:
        return Product.objects.none()
    published = Product.objects.filter(
        publications__channel=channel, publications__status=PublicationStatus.PUBLISHED
    )
    if is_catalog_staff(actor):
        return published
    in_private = CollectionProduct.objects.filter(collection__visibility=Visibility.PRIVATE)
    granted = in_private.filter(collection__in=granted_collections(actor).values("id"))
    return published.exclude(
        Q(id__in=in_private.values("product_id")) & ~Q(id__in=granted.values("product_id"))
    )


def get_product_for(actor: Actor, slug: str, channel: str = Channel.ONLINE) -> Product:
    """The product at /products/<slug>/: NotFound when missing, unpublished or private."""
    product = products_visible_to(actor, channel).filter(slug=slug).first()
    if product is None:
        raise NotFound("No such product.")
    return product


def products_managed_by(actor: Actor) -> QuerySet[Product]:
    """Every product, in any status, for catalog staff (back office); nothing otherwise."""
    if not is_catalog_staff(actor):
        return Product.objects.none()
    return Product.objects.all()


def get_managed_product_for(actor: Actor, product_id: int) -> Product:
    product = products_managed_by(actor).filter(pk=product_id).first()
    if product is None:
        raise NotFound("No such product.")
    return product


def categories_visible_to(actor: Actor) -> QuerySet[Category]:
    if is_catalog_staff(actor):
        return Category.objects.all()
    return Category.objects.filter(is_active=True)


def get_category_for(actor: Actor, slug: str) -> Category:
    category = categories_visible_to(actor).filter(slug=slug).first()
    if category is None:
        raise NotFound("No such category.")
    return category
