"""Catalog tables, split by topic; import them from here."""

from atelier.catalog.models.categories import Category, MenuItem
from atelier.catalog.models.collections import Collection, CollectionProduct
from atelier.catalog.models.media import MediaImage, Model3D, ProductImage, ProductionFile
from atelier.catalog.models.options import DimensionRange, OptionChoice, OptionGroup
from atelier.catalog.models.products import (
    Attribute,
    AttributeValue,
    Product,
    ProductPublication,
    ProductVariant,
    VariantValue,
)

__all__ = [
    "Attribute",
    "AttributeValue",
    "Category",
    "Collection",
    "CollectionProduct",
    "DimensionRange",
    "MediaImage",
    "MenuItem",
    "Model3D",
    "OptionChoice",
    "OptionGroup",
    "Product",
    "ProductImage",
    "ProductPublication",
    "ProductVariant",
    "ProductionFile",
    "VariantValue",
]
