"""Category tree and menu writes."""

from __future__ import annotations

from django.db import transaction

from atelier.catalog.enums import MenuItemKind
from atelier.catalog.models import Category, Collection, MenuItem
from atelier.catalog.richtext import sanitize_html
from atelier.catalog.services._common import clean_and_save, require
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed

CATEGORY_FIELDS = frozenset(
    {"name", "slug", "parent", "position", "description", "image", "is_active"}
)


def category_create(
    *,
    name: str,
    slug: str,
    parent: Category | None = None,
    position: int = 0,
    description: str = "",
    image=None,
    is_active: bool = True,
    actor: Actor,
) -> Category:
    category = Category(
        name=name,
        slug=slug,
        parent=parent,
        position=position,
        description=description,
        image=image,
        is_active=is_active,
    )
    return category_save(category=category, actor=actor)


def category_update(*, category: Category, actor: Actor, **changes) -> Category:
    unknown = set(changes) - CATEGORY_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown category fields: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        setattr(category, name, value)
    return category_save(category=category, actor=actor)


@transaction.atomic
def category_save(*, category: Category, actor: Actor) -> Category:
    """Validate and save a created or edited category, keeping the tree's paths right."""
    require(actor)
    cache.bump("catalog")
    category.description = sanitize_html(category.description)
    parent = category.parent
    if (
        parent is not None
        and category.pk
        and (parent.pk == category.pk or parent.path.startswith(category.path))
    ):
        raise ValidationFailed("A category cannot be moved under itself or its descendants.")
    old_path = category.path
    clean_and_save(category, actor=actor, exclude=["path"])
    category.path = f"{parent.path if parent else ''}{category.pk}/"
    category.depth = category.path.count("/") - 1
    if category.path != old_path:
        Category.objects.filter(pk=category.pk).update(path=category.path, depth=category.depth)
        if old_path:
            _move_descendants(old_path, category.path)
    return category


def _move_descendants(old_path: str, new_path: str) -> None:
    shift = new_path.count("/") - old_path.count("/")
    for child in Category.objects.filter(path__startswith=old_path).exclude(path=old_path):
        child.path = new_path + child.path[len(old_path) :]
        child.depth += shift
        child.save(update_fields=["path", "depth"])


# --- Menu ------------------------------------------------------------------------------
def menu_item_create(
    *,
    kind: str,
    label: str = "",
    menu: str = "main",
    category: Category | None = None,
    collection: Collection | None = None,
    url: str = "",
    parent: MenuItem | None = None,
    position: int | None = None,
    actor: Actor,
) -> MenuItem:
    item = MenuItem(
        menu=menu,
        kind=kind,
        label=label,
        category=category,
        collection=collection,
        url=url,
        parent=parent,
    )
    if position is None:
        position = MenuItem.objects.filter(menu=menu, parent=parent).count()
    item.position = position
    return menu_item_save(item=item, actor=actor)


@transaction.atomic
def menu_item_save(*, item: MenuItem, actor: Actor) -> MenuItem:
    require(actor)
    _check_menu_item(item)
    cache.bump("catalog")
    return clean_and_save(item, actor=actor)


def _check_menu_item(item: MenuItem) -> None:
    targets = {
        MenuItemKind.CATEGORY: item.category_id is not None,
        MenuItemKind.COLLECTION: item.collection_id is not None,
        MenuItemKind.PAGE: bool(item.url),
    }
    if item.kind not in targets:
        raise ValidationFailed(f"Unknown menu item kind {item.kind!r}.")
    if sum(targets.values()) != 1 or not targets[item.kind]:
        raise ValidationFailed(f"A {item.kind} menu item links exactly one {item.kind}.")
    if item.url and not (item.url.startswith("/") or item.url.startswith("https://")):
        raise ValidationFailed("A page link is a site path (/about/) or an https:// URL.")
    if item.parent_id is not None:
        if item.parent.menu != item.menu:
            raise ValidationFailed("A menu item's parent must be in the same menu.")
        node = item.parent
        while node is not None:
            if item.pk and node.pk == item.pk:
                raise ValidationFailed("A menu item cannot be nested under itself.")
            node = node.parent


@transaction.atomic
def menu_item_move(
    *, item: MenuItem, parent: MenuItem | None, position: int, actor: Actor
) -> MenuItem:
    """Put `item` under `parent` at `position` (0-based) and renumber its new siblings."""
    require(actor)
    item.parent = parent
    _check_menu_item(item)
    siblings = list(
        MenuItem.objects.filter(menu=item.menu, parent=parent)
        .exclude(pk=item.pk)
        .order_by("position", "id")
    )
    siblings.insert(max(0, min(position, len(siblings))), item)
    for index, sibling in enumerate(siblings):
        sibling.position = index
    item.save(update_fields=["parent", "position"])
    MenuItem.objects.bulk_update([s for s in siblings if s.pk != item.pk], ["position"])
    cache.bump("catalog")
    return item


@transaction.atomic
def menu_item_delete(*, item: MenuItem, actor: Actor) -> None:
    require(actor)
    item.delete()
    cache.bump("catalog")
