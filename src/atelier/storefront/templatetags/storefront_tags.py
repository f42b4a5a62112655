import html

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from atelier.catalog.enums import MenuItemKind
from atelier.catalog.richtext import sanitize_html
from atelier.catalog.selectors import MenuNode, category_tree, menu_tree, responsive_image
from atelier.org.selectors import boutiques_for_storefront
from atelier.storefront import formatting, slots
from atelier.storefront.caching import actor_of, cached
from atelier.storefront.regions import available_regions, current_region

register = template.Library()


@register.inclusion_tag("storefront/includes/footer_boutiques.html", takes_context=True)
def footer_boutiques(context):
    """The boutiques for the footer: the page's own list when it has one (no 2nd query)."""
    boutiques = context.get("boutiques")
    if boutiques is None:
        boutiques = list(boutiques_for_storefront())
    return {"boutiques": boutiques, "home_url": reverse("storefront:home")}


# --- Money, text and numbers -------------------------------------------------------


@register.filter
def money(value) -> str:
    return formatting.money(value)


@register.filter
def rich_text(value) -> str:
    """Editors' HTML, sanitised again at display (it is sanitised when saved, too)."""
    return mark_safe(sanitize_html(value or ""))  # noqa: S308 -- nh3-cleaned


@register.filter
def summary(value, length: int = 160) -> str:
    """Plain text of rich text, cut at a word, for meta descriptions and cards."""
    text = " ".join(html.unescape(strip_tags(value or "")).split())
    return Truncator(text).chars(int(length))


@register.filter
def cm(value) -> str:
    """240.0 -> 240, 240.5 -> 240.5."""
    return formatting.number(value)


@register.filter
def weeks(days) -> str:
    """Days as whole weeks, rounded up: 56 -> "8 weeks", 3 -> "1 week"."""
    count = max(1, -(-int(days or 0) // 7))
    return f"{count} week{'s' if count != 1 else ''}"


@register.simple_tag
def absolute_url(path: str) -> str:
    """The canonical address of a site path (SITE_URL, never the request's Host)."""
    return settings.SITE_URL.rstrip("/") + path


@register.simple_tag
def slot(*parts) -> str:
    """A hole in a cached fragment, filled per request (see storefront.slots):
    {% slot "avail" product.pk %} -> <!--slot:avail:12-->."""
    return slots.marker(":".join(str(p) for p in parts))


# --- Images --------------------------------------------------------------------------


@register.simple_tag
def picture(image, group="card", loading="lazy", css="", priority=False) -> str:
    """<img> with a WebP srcset for a MediaImage (no query); '' without an image."""
    if image is None:
        return ""
    shown = responsive_image(image, group)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}"'
        ' decoding="async"{}{}>',
        shown.src,
        shown.srcset,
        shown.sizes,
        shown.width,
        shown.height,
        shown.alt,
        loading,
        format_html(' class="{}"', css) if css else "",
        mark_safe(' fetchpriority="high"') if priority else "",
    )


@register.simple_tag
def image_url(image, group="hero", absolute=False) -> str:
    """The largest thumbnail of a group (for posters; `absolute` for social previews)."""
    if image is None:
        return ""
    url = responsive_image(image, group).src
    return absolute_url(url) if absolute and url.startswith("/") else url


# --- Header: main menu and region -----------------------------------------------------


def _link(kind: str, slug: str, url: str) -> str:
    if kind == MenuItemKind.CATEGORY:
        return reverse("storefront:category", args=[slug])
    if kind == MenuItemKind.COLLECTION:
        return reverse("storefront:collection", args=[slug])
    return url


def _entry(node, path: str, depth: int = 0) -> dict:
    href = _link(node.kind, node.slug, node.url)
    children = [_entry(child, path, depth + 1) for child in node.children]
    return {
        "id": node.id,
        "label": node.label,
        "href": href,
        "current": href == path,
        "open_here": href == path or any(c["current"] or c["open_here"] for c in children),
        "children": children,
        "depth": depth,
    }


def _menu_nodes(request) -> list:
    """The arranged main menu, else the top categories (before one is arranged)."""
    actor = actor_of(request)
    nodes = cached(request, "menu", (), lambda: menu_tree(actor, "main"))
    if nodes:
        return nodes
    tree = cached(request, "category-tree", (), lambda: category_tree(actor))
    return [
        MenuNode(
            id=node.id,
            label=node.name,
            kind=MenuItemKind.CATEGORY,
            slug=node.slug,
            children=[
                MenuNode(id=c.id, label=c.name, kind=MenuItemKind.CATEGORY, slug=c.slug)
                for c in node.children
            ],
        )
        for node in tree
    ]


@register.inclusion_tag("storefront/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    if request is None:
        return {"entries": []}
    return {"entries": [_entry(node, request.path) for node in _menu_nodes(request)]}


@register.inclusion_tag("storefront/includes/region_switch.html", takes_context=True)
def region_switch(context):
    request = context.get("request")
    if request is None:
        return {"regions": []}
    return {
        "regions": available_regions(request),
        "current": current_region(request),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
