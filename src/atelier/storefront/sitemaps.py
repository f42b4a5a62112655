"""sitemap.xml: public products, categories and collections only.

Items are read as a guest (`ANONYMOUS`) through the catalog's selectors, so private
collections and their products, drafts and inactive categories never appear. Addresses
use SITE_URL, never the request's Host header.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from atelier.catalog.selectors import category_tree, collection_list, products_visible_to
from atelier.core.actor import ANONYMOUS


class _SiteSitemap(Sitemap):
    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ProductSitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return products_visible_to(ANONYMOUS).order_by("pk").only("slug", "updated_at")

    def location(self, item) -> str:
        return reverse("storefront:product", args=[item.slug])

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        flat, stack = [], list(reversed(category_tree(ANONYMOUS)))
        while stack:
            node = stack.pop()
            flat.append(node.slug)
            stack.extend(reversed(node.children))
        return flat

    def location(self, item) -> str:
        return reverse("storefront:category", args=[item])


class CollectionSitemap(_SiteSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return [c.slug for c in collection_list(ANONYMOUS)]

    def location(self, item) -> str:
        return reverse("storefront:collection", args=[item])


SITEMAPS = {
    "products": ProductSitemap,
    "categories": CategorySitemap,
    "collections": CollectionSitemap,
}


@require_safe
def robots_txt(request):
    """robots.txt: keep crawlers out of private areas and point them at the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /backoffice/",
        "Disallow: /accounts/",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /orders/",
        "Disallow: /account/",
        f"Sitemap: {settings.SITE_URL.rstrip('/')}{reverse('storefront:sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
