"""Category tree, breadcrumbs and menus as plain trees (one query each, plus access)."""

from __future__ import annotations

from dataclasses import dataclass, field

from atelier.catalog.access import categories_visible_to, collections_visible_to
from atelier.catalog.enums import MenuItemKind
from atelier.catalog.models import Category, MenuItem
from atelier.core.actor import Actor


@dataclass(frozen=True)
class CategoryNode:
    id: int
    name: str
    slug: str
    depth: int
    children: list[CategoryNode] = field(default_factory=list)


@dataclass(frozen=True)
class MenuNode:
    """kind "category"/"collection": link by `slug`; kind "page": `url` as given."""

    id: int
    label: str
    kind: str
    slug: str = ""
    url: str = ""
    children: list[MenuNode] = field(default_factory=list)


def category_tree(actor: Actor) -> list[CategoryNode]:
    """Visible categories as a forest, in menu order; a hidden parent hides its subtree."""
    nodes: dict[int, CategoryNode] = {}
    roots: list[CategoryNode] = []
    rows = categories_visible_to(actor).order_by("depth", "position", "name")
    for row in rows.only("id", "name", "slug", "depth", "parent_id"):
        node = CategoryNode(row.pk, row.name, row.slug, row.depth)
        if row.parent_id is None:
            roots.append(node)
        elif row.parent_id in nodes:
            nodes[row.parent_id].children.append(node)
        else:
            continue
        nodes[row.pk] = node
    return roots


def category_breadcrumbs(category: Category) -> list[Category]:
    """Root first, ending with `category` itself. One query."""
    ids = [int(part) for part in category.path.strip("/").split("/") if part]
    by_id = Category.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def menu_tree(actor: Actor, menu: str = "main") -> list[MenuNode]:
    """The arranged menu; items pointing at hidden categories/collections are left out,
    with everything nested under them. Three queries."""
    visible_collections = set(collections_visible_to(actor).values_list("id", flat=True))
    visible_categories = set(categories_visible_to(actor).values_list("id", flat=True))
    rows = list(
        MenuItem.objects.filter(menu=menu)
        .select_related("category", "collection")
        .order_by("position", "id")
    )
    nodes = {}
    for row in rows:
        node = _menu_node(row, visible_categories, visible_collections)
        if node is not None:
            nodes[row.pk] = node
    roots: list[MenuNode] = []
    for row in rows:
        if row.pk not in nodes:
            continue
        if row.parent_id is None:
            roots.append(nodes[row.pk])
        elif row.parent_id in nodes:
            nodes[row.parent_id].children.append(nodes[row.pk])
    return roots


def _menu_node(row: MenuItem, categories: set[int], collections: set[int]) -> MenuNode | None:
    if row.kind == MenuItemKind.CATEGORY:
        if row.category_id not in categories:
            return None
        return MenuNode(row.pk, row.label or row.category.name, row.kind, slug=row.category.slug)
    if row.kind == MenuItemKind.COLLECTION:
        if row.collection_id not in collections:
            return None
        return MenuNode(
            row.pk, row.label or row.collection.name, row.kind, slug=row.collection.slug
        )
    return MenuNode(row.pk, row.label or row.url, row.kind, url=row.url)
