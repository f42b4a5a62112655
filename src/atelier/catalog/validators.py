"""Upload checks by content, never by file name: what the bytes are, and how big.

Each validator raises django's ValidationError (so admin forms show it next to the
field); services turn it into `ValidationFailed`. `sniff_*` helpers return what was found.
"""

from __future__ import annotations

import struct

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

MB = 1024 * 1024
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_IMAGE_PIXELS = 60_000_000

_SIGNATURES = {  # production files: what the first bytes say
    b"%PDF-": "pdf",
    b"AC10": "dwg",
    b"ISO-10303-21": "step",
    b"PK\x03\x04": "zip",
    b"3D Geometry File Format": "3dm",
    b"glTF": "glb",
}


def _limit(name: str, default_mb: int) -> int:
    return int(getattr(settings, name, default_mb * MB))


def _size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        pos = file.tell()
        file.seek(0, 2)
        size = file.tell()
        file.seek(pos)
    return int(size)


def _head(file, n: int) -> bytes:
    file.seek(0)
    data = file.read(n)
    file.seek(0)
    return data if isinstance(data, bytes) else data.encode()


def _check_size(file, setting: str, default_mb: int, what: str) -> int:
    size = _size(file)
    if size == 0:
        raise ValidationError(f"The {what} is empty.", code="empty_file")
    limit = _limit(setting, default_mb)
    if size > limit:
        raise ValidationError(
            f"The {what} is {size / MB:.1f} MB; the limit is {limit / MB:.0f} MB.",
            code="file_too_large",
        )
    return size


def sniff_image(file) -> tuple[str, int, int]:
    """(format, width, height) of a JPEG/PNG/WebP that Pillow fully verifies."""
    _check_size(file, "CATALOG_MAX_IMAGE_BYTES", 25, "image")
    try:
        file.seek(0)
        with Image.open(file) as img:
            fmt, (width, height) = img.format, img.size
            if fmt not in IMAGE_FORMATS:
                raise ValidationError(
                    f"Images must be JPEG, PNG or WebP, not {fmt}.", code="image_format"
                )
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError("The image has too many pixels.", code="image_too_large")
            img.verify()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError("The file is not a valid image.", code="not_an_image") from None
    finally:
        file.seek(0)
    return fmt, width, height


def validate_image_content(file) -> None:
    sniff_image(file)


def validate_glb_content(file) -> None:
    """A binary glTF 2.0 file: 'glTF' magic, version 2, declared length = real length."""
    size = _check_size(file, "CATALOG_MAX_GLB_BYTES", 50, "3D model")
    head = _head(file, 20)
    if len(head) < 20 or head[:4] != b"glTF":
        raise ValidationError("The file is not a GLB (binary glTF) model.", code="not_glb")
    version, length = struct.unpack("<II", head[4:12])
    if version != 2:
        raise ValidationError(f"GLB version {version} is not supported; use glTF 2.0.", code="glb")
    if length != size or head[16:20] != b"JSON":
        raise ValidationError("The GLB file is truncated or damaged.", code="glb_damaged")


def validate_video_content(file) -> None:
    """MP4/MOV ('ftyp' box) or WebM (EBML header)."""
    _check_size(file, "CATALOG_MAX_VIDEO_BYTES", 200, "video")
    head = _head(file, 12)
    if head[4:8] == b"ftyp" or head.startswith(b"\x1a\x45\xdf\xa3"):
        return
    raise ValidationError("Videos must be MP4 or WebM files.", code="not_a_video")


def sniff_production_file(file) -> str:
    """The detected type: pdf, dwg, step, zip, 3dm, glb, dxf or image."""
    _check_size(file, "CATALOG_MAX_PRODUCTION_FILE_BYTES", 200, "file")
    head = _head(file, 64)
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            return kind
    if head.lstrip().startswith(b"0") and b"SECTION" in head:
        return "dxf"
    try:
        sniff_image(file)
    except ValidationError:
        raise ValidationError(
            "Production files must be PDF, DWG, DXF, STEP, 3DM, GLB, ZIP or an image.",
            code="production_file_type",
        ) from None
    return "image"


def validate_production_file(file) -> None:
    sniff_production_file(file)
