"""Checking and cleaning inspection photos before anything is stored.

A photo is accepted by its content, never by its name or declared content type:

1. its size in bytes is at most `QUALITY_PHOTO_MAX_BYTES`;
2. its first bytes are a JPEG, PNG or HEIC/HEIF signature (HEIC only when pillow-heif
   is installed; it is converted to JPEG);
3. Pillow can verify and decode it, and it has at most `QUALITY_PHOTO_MAX_PIXELS`
   pixels (checked from the header before decoding: a decompression-bomb guard);
4. it is re-encoded from its pixels, with the camera's orientation applied, so that no
   EXIF (GPS position, device, time), XMP or text chunk survives.

`clean_photo()` raises `ValidationFailed` with a sentence to show, and writes nothing.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from atelier.core.errors import ValidationFailed

try:  # HEIC/HEIF (iPhone photos): optional, converted to JPEG
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - depends on the environment
    HEIC_SUPPORTED = False

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
JPEG_QUALITY = 88


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes
    content_type: str  # image/jpeg or image/png
    extension: str
    width: int
    height: int

    @property
    def size(self) -> int:
        return len(self.content)


def max_bytes() -> int:
    return int(getattr(settings, "QUALITY_PHOTO_MAX_BYTES", 15 * 1024 * 1024))


def max_pixels() -> int:
    return int(getattr(settings, "QUALITY_PHOTO_MAX_PIXELS", 50_000_000))


def sniff(head: bytes) -> str | None:
    """ "jpeg", "png" or "heif" from a file's first bytes; None for anything else."""
    if head.startswith(JPEG_MAGIC):
        return "jpeg"
    if head.startswith(PNG_MAGIC):
        return "png"
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heif"
    return None


def clean_photo(upload) -> CleanPhoto:
    """The cleaned photo from an uploaded file (Django UploadedFile or any binary file)."""
    data = _read_bounded(upload)
    kind = sniff(data[:32])
    if kind is None:
        raise ValidationFailed(
            "This file is not a photo: upload a JPEG, PNG or HEIC image.", code="photo_type"
        )
    if kind == "heif" and not HEIC_SUPPORTED:  # pragma: no cover - environment
        raise ValidationFailed(
            "HEIC photos cannot be read here: set the camera to 'Most compatible' (JPEG).",
            code="photo_type",
        )
    image = _decode(data)
    return _reencode(image, kind)


def _read_bounded(upload) -> bytes:
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_big(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_big(limit)
    if not data:
        raise ValidationFailed("The photo is empty.", code="photo_empty")
    return data


def _too_big(limit: int) -> ValidationFailed:
    mb = limit / (1024 * 1024)
    return ValidationFailed(f"The photo is larger than {mb:.0f} MB.", code="photo_too_large")


def _decode(data: bytes) -> Image.Image:
    broken = ValidationFailed("The photo is damaged and cannot be read.", code="photo_damaged")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            _check_pixels(probe)
            probe.verify()
            image = Image.open(io.BytesIO(data))
            _check_pixels(image)
            image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise broken from None
    return image


def _check_pixels(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise ValidationFailed("The photo is empty.", code="photo_empty")
    if width * height > max_pixels():
        raise _too_many_pixels()


def _too_many_pixels() -> ValidationFailed:
    mp = max_pixels() / 1_000_000
    return ValidationFailed(
        f"The photo has more than {mp:.0f} megapixels.", code="photo_too_many_pixels"
    )


def _reencode(image: Image.Image, kind: str) -> CleanPhoto:
    upright = ImageOps.exif_transpose(image)  # keep what the camera meant, then drop EXIF
    out = io.BytesIO()
    if kind == "png":
        pixels = upright if upright.mode in ("RGB", "RGBA", "L", "LA") else upright.convert("RGBA")
        _fresh(pixels).save(out, format="PNG", optimize=True)
        content_type, extension = "image/png", "png"
    else:
        pixels = upright if upright.mode in ("RGB", "L") else upright.convert("RGB")
        _fresh(pixels).save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        content_type, extension = "image/jpeg", "jpg"
    return CleanPhoto(
        content=out.getvalue(),
        content_type=content_type,
        extension=extension,
        width=upright.width,
        height=upright.height,
    )


def _fresh(image: Image.Image) -> Image.Image:
    """A copy made from the pixels only: no `info` (EXIF, XMP, ICC, comments) carried over."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    return clean
