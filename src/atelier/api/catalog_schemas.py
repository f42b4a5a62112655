"""Request and response schemas of the catalog endpoints (pydantic v2 via ninja).

Amounts are decimal strings in the currency's minor unit ("2490.00"), never floats;
dimensions are decimal strings in centimetres.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints, field_validator, model_validator

from atelier.catalog.enums import Availability, Sort
from atelier.catalog.selectors import ProductFilters
from atelier.catalog.selectors.listing import MAX_PER_PAGE

MAX_PAGE = 10_000
SLUG = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, StringConstraints(pattern=SLUG, max_length=200)]
ValuePair = Annotated[
    str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+:[-a-zA-Z0-9_]+$", max_length=161)
]
RegionCode = Annotated[str, StringConstraints(pattern=SLUG, max_length=20)]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=3)]


# --- Requests -----------------------------------------------------------------------
class Params(Schema):
    """Query parameters: a blank one (`?category=`, as an HTML form sends it) takes its
    default; region codes are lower case."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_absent(cls, value, info):
        if isinstance(value, str):
            value = value.strip()
            field = cls.model_fields[info.field_name]
            if not value and not field.is_required():
                return field.get_default(call_default_factory=True)
            if info.field_name == "region":
                return value.lower()
        return value


class RegionQuery(Params):
    region: RegionCode | None = Field(
        None, description="Region code (eu, uk, us...): prices in its currency."
    )


class ProductQuery(RegionQuery):
    category: Slug | None = Field(None, description="Category slug, sub-categories included.")
    collection: Slug | None = Field(None, description="Collection slug (visible to you).")
    manufacturer: Slug | None = Field(None, description="Manufacturer code.")
    q: str = Field("", max_length=200, description="Search in names, descriptions, SKUs.")
    values: list[ValuePair] = Field(
        default_factory=list,
        max_length=20,
        description="attribute:value, repeatable (OR within an attribute, AND across).",
    )
    made_to_order: bool | None = None
    availability: Literal["in_stock", "made_to_order"] | None = None
    price_min: Amount | None = Field(None, description="Shown price, needs a region.")
    price_max: Amount | None = Field(None, description="Shown price, needs a region.")
    sort: Literal["newest", "name", "price", "-price"] = Sort.NEWEST.value
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(24, ge=1, le=MAX_PER_PAGE)

    @field_validator("values", mode="before")
    @classmethod
    def _skip_blank_values(cls, value):
        if isinstance(value, list):
            return [v.strip() for v in value if not isinstance(v, str) or v.strip()]
        return value

    @model_validator(mode="after")
    def _price_range(self):
        if (
            self.price_min is not None
            and self.price_max is not None
            and self.price_min > self.price_max
        ):
            raise ValueError("price_min is above price_max.")
        return self

    @property
    def needs_live_stock(self) -> bool:
        return self.availability == Availability.IN_STOCK

    def filters(self) -> ProductFilters:
        return ProductFilters(
            category=self.category,
            collection=self.collection,
            values=tuple(self.values),
            manufacturer=self.manufacturer,
            made_to_order=self.made_to_order,
            availability=self.availability,
            price_min=self.price_min,
            price_max=self.price_max,
            q=self.q.strip(),
        )

    def cache_parts(self) -> tuple:
        """Everything the answer depends on, in a stable order (values sorted)."""
        data = self.model_dump()
        data["values"] = sorted(set(self.values))
        data["q"] = self.q.strip()
        return tuple(sorted((k, str(v)) for k, v in data.items()))


class MenuQuery(Params):
    menu: Slug = Field("main", max_length=40)


# --- Building blocks ----------------------------------------------------------------
class MoneyOut(Schema):
    amount: str = Field(examples=["2490.00"])
    currency: str = Field(examples=["EUR"])


class RegionOut(Schema):
    code: str
    name: str
    currency: str
    tax_display: Literal["included", "added"]
    tax_included: bool
    countries: list[str]


class FromPriceOut(MoneyOut):
    """The lowest shown price of the product's variants in the region."""

    tax_display: Literal["included", "added"]
    tax_included: bool


class PriceOut(FromPriceOut):
    """A variant's unit price; `amount` is what the shelf shows (gross where VAT is
    included, net where sales tax is added at checkout)."""

    net: str
    tax: str
    gross: str
    tax_rate: str = Field(description="Percent.")
    tax_country: str
    tax_state: str
    tax_determined: bool = Field(description="False: US sales tax is known at checkout.")


class ImageOut(Schema):
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str


class RefOut(Schema):
    slug: str
    name: str


class ManufacturerOut(Schema):
    code: str
    name: str


class AvailabilityOut(Schema):
    status: Literal["in_stock", "incoming", "made_to_order", "unavailable"]
    label: str = Field(examples=["Made to order — about 8 weeks"])
    quantity: int = Field(0, description="Units available to promise now.")
    weeks: int | None = None
    expected_date: date | None = None


# --- Lists --------------------------------------------------------------------------
class ProductCardOut(Schema):
    slug: str
    name: str
    manufacturer: ManufacturerOut
    category: RefOut | None
    made_to_order: bool
    lead_time_days: int | None
    from_price: FromPriceOut | None
    image: ImageOut | None
    availability: AvailabilityOut | None = Field(
        None, description="Best of the variants', from live stock."
    )


class ProductPageOut(Schema):
    items: list[ProductCardOut]
    total: int
    page: int
    per_page: int
    num_pages: int
    has_next: bool
    has_previous: bool
    region: RegionOut | None


# --- Product page -------------------------------------------------------------------
class AttributeValueOut(Schema):
    attribute: str
    attribute_name: str
    value: str
    value_name: str


class VariantOut(Schema):
    id: int
    sku: str
    name: str
    attributes: list[AttributeValueOut]
    price: PriceOut | None = Field(description="None: not sold in the region (or no region).")
    availability: AvailabilityOut | None = None


class OptionChoiceOut(Schema):
    id: int
    code: str
    name: str
    swatch: ImageOut | None
    add_on: MoneyOut | None = Field(description="Added to the unit price; None: not sold.")


class OptionGroupOut(Schema):
    code: str
    name: str
    kind: str
    required: bool
    choices: list[OptionChoiceOut]


class CustomDimensionOut(Schema):
    axis: Literal["width", "depth", "height"]
    standard_cm: str
    min_cm: str
    max_cm: str
    step_cm: str | None = Field(description="Each started step above standard adds a price.")
    amount_per_step: MoneyOut | None


class GalleryImageOut(ImageOut):
    variant_sku: str | None


class Model3DOut(Schema):
    url: str
    label: str
    size_bytes: int


class DimensionsOut(Schema):
    width_cm: str
    depth_cm: str
    height_cm: str


class ProductDetailOut(Schema):
    slug: str
    name: str
    description: str = Field(description="Sanitised HTML.")
    manufacturer: ManufacturerOut
    category: RefOut | None
    breadcrumbs: list[RefOut]
    dimensions: DimensionsOut
    weight_kg: str | None
    materials: str
    care_notes: str
    made_to_order: bool
    lead_time_days: int | None
    region: RegionOut | None
    sold_in_region: bool | None = Field(description="None when no region was asked.")
    from_price: FromPriceOut | None
    availability: AvailabilityOut | None = Field(
        None, description="Best of the variants', from live stock."
    )
    variants: list[VariantOut]
    options: list[OptionGroupOut]
    custom_dimensions: list[CustomDimensionOut]
    images: list[GalleryImageOut]
    models_3d: list[Model3DOut]
    collections: list[RefOut]


# --- Navigation ---------------------------------------------------------------------
class CategoryNodeOut(Schema):
    slug: str
    name: str
    depth: int
    children: list[CategoryNodeOut] = []


class CollectionOut(Schema):
    slug: str
    name: str
    description: str
    kind: Literal["manual", "rule"]
    visibility: Literal["public", "private"]
    hero_image: ImageOut | None
    video_url: str | None = Field(description="Uploaded video file or hosted https link.")
    max_quantity: int | None = Field(description="Limited edition: pieces per product.")


class MenuNodeOut(Schema):
    label: str
    kind: Literal["category", "collection", "page"]
    slug: str
    url: str
    children: list[MenuNodeOut] = []


CategoryNodeOut.model_rebuild()
MenuNodeOut.model_rebuild()
