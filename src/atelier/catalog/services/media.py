"""Uploads: images (stored once by content hash), 3D models, production files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from atelier.catalog.enums import ProductionFileKind
from atelier.catalog.models import MediaImage, Model3D, Product, ProductImage, ProductionFile
from atelier.catalog.services._common import (
    clean_and_save,
    require,
    sha256_of,
    validation_failed,
)
from atelier.catalog.validators import (
    sniff_image,
    sniff_production_file,
    validate_glb_content,
)
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@transaction.atomic
def image_upload(*, file, alt_text: str, actor: Actor) -> MediaImage:
    """Store an image once: the same bytes uploaded again return the existing image.

    Thumbnails (WebP, every alias) are generated after commit.
    """
    require(actor)
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise ValidationFailed("alt_text: describe the image (alt text is required).")
    try:
        fmt, _, _ = sniff_image(file)
    except ValidationError as exc:
        raise validation_failed(exc) from None
    digest = sha256_of(file)
    existing = MediaImage.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    image = MediaImage(alt_text=alt_text, sha256=digest)
    image.file.save(f"{digest[:2]}/{digest}.{EXTENSIONS[fmt]}", file, save=False)
    clean_and_save(image, actor=actor, exclude=["file"])
    cache.bump("catalog")
    transaction.on_commit(lambda: _thumbnails_later(image.pk))
    return image


def _thumbnails_later(image_id: int) -> None:
    from atelier.catalog.tasks import generate_image_thumbnails

    generate_image_thumbnails.delay(image_id)


@transaction.atomic
def image_update_alt_text(*, image: MediaImage, alt_text: str, actor: Actor) -> MediaImage:
    require(actor)
    image.alt_text = (alt_text or "").strip()
    cache.bump("catalog")
    return clean_and_save(image, actor=actor, exclude=["file"])


@transaction.atomic
def product_image_add(
    *, product: Product, image: MediaImage, variant=None, position: int | None = None, actor
) -> ProductImage:
    require(actor)
    if variant is not None and variant.product_id != product.pk:
        raise ValidationFailed("variant: that variant belongs to another product.")
    if ProductImage.objects.filter(product=product, image=image).exists():
        raise ValidationFailed("image: this image is already on the product.")
    if position is None:
        position = ProductImage.objects.filter(product=product).count()
    row = ProductImage(product=product, image=image, variant=variant, position=position)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor)


@transaction.atomic
def model3d_upload(*, product: Product, file, label: str = "", actor: Actor) -> Model3D:
    """Attach a GLB model, checked by content ('glTF' header, length) and size."""
    require(actor)
    try:
        validate_glb_content(file)
    except ValidationError as exc:
        raise validation_failed(exc) from None
    model = Model3D(product=product, label=label, size_bytes=file.size)
    model.position = Model3D.objects.filter(product=product).count()
    model.file.save(_name(file, "model.glb"), file, save=False)
    cache.bump("catalog")
    return clean_and_save(model, actor=actor, exclude=["file"])


ALLOWED_BY_KIND = {
    ProductionFileKind.RENDER: {"image"},
    ProductionFileKind.ASSEMBLY: {"pdf", "image"},
}


@transaction.atomic
def production_file_upload(
    *, product: Product, kind: str, file, title: str = "", actor: Actor
) -> ProductionFile:
    """Keep a CAD drawing, render or assembly guide for purchase orders (private storage)."""
    require(actor)
    if kind not in ProductionFileKind.values:
        raise ValidationFailed(f"kind: choose one of {', '.join(ProductionFileKind.values)}.")
    try:
        detected = sniff_production_file(file)
    except ValidationError as exc:
        raise validation_failed(exc) from None
    allowed = ALLOWED_BY_KIND.get(kind)
    if allowed and detected not in allowed:
        raise ValidationFailed(f"file: a {kind} must be {' or '.join(sorted(allowed))}.")
    row = ProductionFile(
        product=product,
        kind=kind,
        title=title or _name(file, "file"),
        size_bytes=file.size,
        sha256=sha256_of(file),
    )
    row.file.save(_name(file, "file"), file, save=False)
    cache.bump("catalog")
    return clean_and_save(row, actor=actor, exclude=["file"])


def _name(file, default: str) -> str:
    name = (getattr(file, "name", "") or default).rsplit("/", 1)[-1]
    return name[:100] or default
