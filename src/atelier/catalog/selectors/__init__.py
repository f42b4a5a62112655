"""Reads for storefront pages and API endpoints; every one starts from access.py.

All list selectors run a constant number of queries whatever the number of rows.
"""

from atelier.catalog.access import (
    collections_visible_to,
    get_category_for,
    get_collection_for,
    get_product_for,
    products_managed_by,
    products_visible_to,
    sees_public_catalog,
)
from atelier.catalog.images import ResponsiveImage, responsive_image
from atelier.catalog.selectors.listing import (
    AttributeFacet,
    FacetValue,
    ProductCard,
    ProductFilters,
    ProductPage,
    attribute_facets,
    product_listing,
    search_products,
)
from atelier.catalog.selectors.navigation import (
    CategoryNode,
    MenuNode,
    category_breadcrumbs,
    category_tree,
    menu_tree,
)
from atelier.catalog.selectors.products import (
    ProductDetail,
    collection_list,
    product_detail,
    publication_history,
    variant_ids_by_product,
)

__all__ = [
    "AttributeFacet",
    "CategoryNode",
    "FacetValue",
    "MenuNode",
    "ProductCard",
    "ProductDetail",
    "ProductFilters",
    "ProductPage",
    "ResponsiveImage",
    "attribute_facets",
    "category_breadcrumbs",
    "category_tree",
    "collection_list",
    "collections_visible_to",
    "get_category_for",
    "get_collection_for",
    "get_product_for",
    "menu_tree",
    "product_detail",
    "product_listing",
    "products_managed_by",
    "products_visible_to",
    "publication_history",
    "responsive_image",
    "search_products",
    "sees_public_catalog",
    "variant_ids_by_product",
]
