"""Completion photos: JPEG, PNG or WebP checked by content (Pillow), kept in private
storage. Checked before anything is written, stored inside the service's transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.production.models import CompletionPhoto

FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class CheckedPhoto:
    data: bytes
    content_type: str
    extension: str


def check_all(files: Sequence) -> list[CheckedPhoto]:
    limit = getattr(settings, "PRODUCTION_MAX_PHOTOS", 10)
    files = list(files or ())
    if len(files) > limit:
        raise ValidationFailed(f"At most {limit} photos.", code="too_many_photos")
    return [check(f) for f in files]


def check(file) -> CheckedPhoto:
    max_bytes = getattr(settings, "PRODUCTION_MAX_PHOTO_MB", 15) * 1024 * 1024
    data = file if isinstance(file, bytes) else _read(file, max_bytes)
    if len(data) > max_bytes:
        raise ValidationFailed("A photo is too large.", code="photo_too_large")
    try:
        from io import BytesIO

        with Image.open(BytesIO(data)) as img:
            fmt, (width, height) = img.format, img.size
            if fmt not in FORMATS:
                raise ValidationFailed("Photos must be JPEG, PNG or WebP.", code="photo_format")
            if width * height > MAX_PIXELS:
                raise ValidationFailed("A photo has too many pixels.", code="photo_too_large")
            img.verify()
    except ValidationFailed:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed("A photo is not a valid image.", code="not_an_image") from None
    content_type, extension = FORMATS[fmt]
    return CheckedPhoto(data=data, content_type=content_type, extension=extension)


def _read(file, max_bytes: int) -> bytes:
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(max_bytes + 1)


def store_all(photos: Sequence[CheckedPhoto], *, purchase_order_number: str, actor: Actor) -> None:
    for photo in photos:
        digest = hashlib.sha256(photo.data).hexdigest()
        row = CompletionPhoto(
            purchase_order_number=purchase_order_number,
            content_type=photo.content_type,
            sha256=digest,
            uploaded_by_label=actor.label[:160],
        )
        row.image.save(
            f"{purchase_order_number}-{digest[:12]}.{photo.extension}",
            ContentFile(photo.data),
            save=False,
        )
        row.save()
