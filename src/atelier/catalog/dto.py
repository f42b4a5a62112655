"""Plain frozen dataclasses the catalog hands to other contexts (see facade.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Dimensions:
    width_cm: Decimal
    depth_cm: Decimal
    height_cm: Decimal

    def as_dict(self) -> dict[str, Decimal]:
        return {"width": self.width_cm, "depth": self.depth_cm, "height": self.height_cm}


@dataclass(frozen=True)
class SelectedOption:
    group_id: int
    group_code: str
    group_name: str
    choice_id: int
    choice_code: str
    choice_name: str


@dataclass(frozen=True)
class CustomDimension:
    axis: str  # width / depth / height
    standard_cm: Decimal
    requested_cm: Decimal


@dataclass(frozen=True)
class Configuration:
    """A validated made-to-order configuration of one product."""

    product_id: int
    options: tuple[SelectedOption, ...]
    dimensions: Dimensions  # the dimensions to build (standard where not customised)
    custom_dimensions: tuple[CustomDimension, ...]

    @property
    def is_custom(self) -> bool:
        return bool(self.options or self.custom_dimensions)

    @property
    def choice_ids(self) -> tuple[int, ...]:
        return tuple(o.choice_id for o in self.options)


@dataclass(frozen=True)
class ManufacturerRef:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ProductionFileRef:
    id: int
    kind: str
    title: str
    name: str  # storage name in the private storage
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class LimitedEdition:
    collection_id: int
    collection_slug: str
    max_quantity: int


@dataclass(frozen=True)
class VariantInfo:
    id: int
    sku: str
    barcode: str | None
    name: str
    is_active: bool
    product_id: int
    product_slug: str
    product_name: str
    made_to_order: bool
    lead_time_days: int | None
    attributes: tuple[tuple[str, str], ...]  # (attribute name, value name)
    published_channels: frozenset[str]

    def is_sellable(self, channel: str = "online") -> bool:
        """Published in `channel` and active. Price in a region is pricing's question."""
        return self.is_active and channel in self.published_channels


@dataclass(frozen=True)
class ProductSnapshot:
    """What an order line or a purchase order keeps about the product at that moment."""

    id: int
    slug: str
    name: str
    manufacturer: ManufacturerRef
    category_slug: str | None
    dimensions: Dimensions
    weight_kg: Decimal | None
    materials: str
    care_notes: str
    made_to_order: bool
    lead_time_days: int | None
    production_files: tuple[ProductionFileRef, ...]
    published_channels: frozenset[str]
    limited_editions: tuple[LimitedEdition, ...]


@dataclass(frozen=True)
class ShippingData:
    """What shipping needs to pack and declare one unit of a variant.

    `package` and `weight_kg` are the packed sizes when known, else the piece's own."""

    variant_id: int
    product_id: int
    product_name: str
    materials: str
    hs_code: str
    country_of_manufacture: str
    weight_kg: Decimal | None
    package: Dimensions
