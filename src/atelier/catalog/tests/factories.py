"""factory-boy factories for catalog rows, and helpers to build files and actors."""

from __future__ import annotations

import io
import json
import struct
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atelier.accounts.roles import Cap
from atelier.catalog.enums import Channel, PublicationStatus
from atelier.catalog.models import (
    Attribute,
    AttributeValue,
    Category,
    Collection,
    CollectionProduct,
    MediaImage,
    Product,
    ProductImage,
    ProductPublication,
    ProductVariant,
    VariantValue,
)
from atelier.core.actor import Actor
from atelier.org.models import Manufacturer

MANAGER = Actor(
    user_id=None,
    label="e-commerce manager",
    roles=frozenset({"ecommerce_manager"}),
    permissions=frozenset(
        {Cap.MANAGE_CATALOG.perm, Cap.PUBLISH_CATALOG.perm, Cap.MANAGE_PRICES.perm}
    ),
)
DESIGNER = Actor(
    user_id=None,
    label="designer",
    roles=frozenset({"designer"}),
    permissions=frozenset({Cap.MANAGE_CATALOG.perm}),
)
CUSTOMER = Actor(
    user_id=None,
    label="customer",
    roles=frozenset({"customer"}),
    permissions=frozenset({Cap.SHOP.perm}),
)


def customer_actor(user) -> Actor:
    return Actor(
        user_id=user.pk,
        label=user.email,
        roles=frozenset({"customer"}),
        permissions=frozenset({Cap.SHOP.perm}),
    )


def image_bytes(size=(1200, 900), fmt="PNG", color=(120, 90, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="sofa.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")


def glb_bytes(extra_length: int = 0) -> bytes:
    payload = json.dumps({"asset": {"version": "2.0"}}).encode()
    payload += b" " * (-len(payload) % 4)
    chunk = struct.pack("<I4s", len(payload), b"JSON") + payload
    total = 12 + len(chunk)
    return struct.pack("<4sII", b"glTF", 2, total + extra_length) + chunk


class ManufacturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Manufacturer
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"workshop-{n}")
    name = factory.Sequence(lambda n: f"Workshop {n}")
    country = "IT"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    parent = None

    @factory.post_generation
    def tree_path(self, create, extracted, **kwargs):
        if create:
            self.path = f"{self.parent.path if self.parent else ''}{self.pk}/"
            self.depth = self.path.count("/") - 1
            self.save(update_fields=["path", "depth"])


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sofa {n:03d}")
    slug = factory.Sequence(lambda n: f"sofa-{n:03d}")
    description = "<p>A deep sofa.</p>"
    manufacturer = factory.SubFactory(ManufacturerFactory)
    category = factory.SubFactory(CategoryFactory)
    width_cm = Decimal("240.0")
    depth_cm = Decimal("100.0")
    height_cm = Decimal("80.0")
    materials = "Walnut, wool"

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """published=True (online) / a list of channels; drafts otherwise."""
        if not create:
            return
        channels = [Channel.ONLINE] if extracted is True else list(extracted or [])
        ProductPublication.objects.bulk_create(
            [
                ProductPublication(
                    product=self,
                    channel=c,
                    status=PublicationStatus.PUBLISHED
                    if c in channels
                    else PublicationStatus.DRAFT,
                )
                for c in Channel.values
            ]
        )


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = ""

    @factory.post_generation
    def values(self, create, extracted, **kwargs):
        if create and extracted:
            VariantValue.objects.bulk_create(
                [
                    VariantValue(variant=self, attribute_id=v.attribute_id, value=v)
                    for v in extracted
                ]
            )


class AttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attribute
        django_get_or_create = ["slug"]

    name = factory.LazyAttribute(lambda o: o.slug.capitalize())
    slug = factory.Sequence(lambda n: f"attribute-{n}")


class AttributeValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeValue
        django_get_or_create = ["attribute", "slug"]

    attribute = factory.SubFactory(AttributeFactory)
    slug = factory.Sequence(lambda n: f"value-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.capitalize())


class MediaImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediaImage

    file = factory.django.ImageField(width=1200, height=900, format="PNG")
    alt_text = "A walnut sofa in a bright room"
    sha256 = factory.Sequence(lambda n: f"{n:064d}")


class ProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductImage

    product = factory.SubFactory(ProductFactory)
    image = factory.SubFactory(MediaImageFactory)


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.Sequence(lambda n: f"collection-{n}")

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            CollectionProduct.objects.bulk_create(
                [
                    CollectionProduct(collection=self, product=p, position=i)
                    for i, p in enumerate(extracted)
                ]
            )
