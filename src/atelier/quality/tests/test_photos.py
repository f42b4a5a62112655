"""Photos are accepted by content, cleaned of every EXIF tag (GPS above all) with the
orientation applied, stored privately — and nothing is stored when one is refused."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from atelier.core.errors import Conflict, ValidationFailed
from atelier.quality import photos, services
from atelier.quality.tests.helpers import (
    QC,
    counts,
    jpeg_bytes,
    open_inspection,
    png_bytes,
    started,
)

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def gps_exif(orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    return exif.tobytes()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(storage) -> list[str]:
    root = storage.location
    import os

    return [f for _, _, files in os.walk(root) for f in files] if os.path.exists(root) else []


def test_the_test_photo_really_carries_gps():
    source = Image.open(io.BytesIO(jpeg_bytes(exif=gps_exif())))
    assert source.getexif().get_ifd(GPS_IFD)


def test_a_jpeg_with_gps_comes_out_with_no_exif_at_all(world, photo_storage):
    inspection = started(world)

    photo = services.inspection_add_photo(
        inspection=inspection, upload=upload(jpeg_bytes(exif=gps_exif())), actor=QC
    )

    with photo.file.open("rb") as f:
        data = f.read()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert "exif" not in image.info
    assert b"PhoneMaker" not in data
    assert b"Exif" not in data
    assert (photo.width, photo.height, photo.size) == (64, 48, len(data))
    assert photo.content_type == "image/jpeg"
    assert photo.file.name.startswith(f"quality/photos/{inspection.number}/")


def test_orientation_is_applied_before_exif_is_dropped():
    rotated = photos.clean_photo(upload(jpeg_bytes((64, 48), exif=gps_exif(orientation=6))))
    assert (rotated.width, rotated.height) == (48, 64)  # 90° turn, as the camera meant


def test_png_stays_png_without_text_chunks():
    out = io.BytesIO()
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Location", "48.85N 2.35E")
    Image.new("RGB", (20, 10), "white").save(out, format="PNG", pnginfo=info)

    clean = photos.clean_photo(upload(out.getvalue(), "p.png", "image/png"))

    assert clean.content_type == "image/png"
    assert b"Location" not in clean.content
    assert Image.open(io.BytesIO(clean.content)).size == (20, 10)


def test_heic_is_converted_to_jpeg():
    pillow_heif = pytest.importorskip("pillow_heif")
    out = io.BytesIO()
    heif = pillow_heif.from_pillow(Image.new("RGB", (32, 16), "blue"))
    heif.save(out, quality=80)
    assert photos.sniff(out.getvalue()[:32]) == "heif"

    clean = photos.clean_photo(upload(out.getvalue(), "IMG_0001.HEIC", "image/heic"))

    assert clean.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(clean.content)).format == "JPEG"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"just some text, not a photo\n" * 10, "defect.jpg", "photo_type"),
        (b"GIF89a" + b"\x00" * 40, "anim.gif", "photo_type"),
        (b"%PDF-1.7\n", "photo.png", "photo_type"),
        (jpeg_bytes()[:40], "cut.jpg", "photo_damaged"),  # a JPEG header, then nothing
        (b"", "empty.jpg", "photo_empty"),
    ],
)
def test_files_that_are_not_photos_are_refused_and_nothing_is_stored(
    world, photo_storage, data, name, code
):
    inspection = started(world)
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_add_photo(
            inspection=inspection, upload=upload(data, name, "image/jpeg"), actor=QC
        )
    assert refused.value.code == code
    assert counts() == before
    assert stored_files(photo_storage) == []


def test_an_oversized_file_is_refused(world, photo_storage, settings):
    settings.QUALITY_PHOTO_MAX_BYTES = 1000
    inspection = started(world)
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_add_photo(
            inspection=inspection,
            upload=upload(jpeg_bytes((400, 400)) + b"\0" * 1000),
            actor=QC,
        )
    assert refused.value.code == "photo_too_large"
    assert counts() == before
    assert stored_files(photo_storage) == []


def test_too_many_pixels_is_refused_before_decoding(world, photo_storage, settings):
    settings.QUALITY_PHOTO_MAX_PIXELS = 100 * 100
    inspection = started(world)
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_add_photo(
            inspection=inspection, upload=upload(png_bytes((101, 100)), "p.png"), actor=QC
        )
    assert refused.value.code == "photo_too_many_pixels"
    assert stored_files(photo_storage) == []


def test_a_photo_needs_an_inspection_in_progress(world, photo_storage):
    inspection = open_inspection(world)
    with pytest.raises(Conflict):
        services.inspection_add_photo(inspection=inspection, upload=upload(jpeg_bytes()), actor=QC)
    assert stored_files(photo_storage) == []


def test_a_photo_can_show_a_defect_of_the_same_inspection_only(world, photo_storage):
    one = started(world, code="IT-A")
    other = started(world, code="IT-B")
    defect = services.inspection_add_defect(
        inspection=other, severity="minor", description="Scratch", actor=QC
    )
    with pytest.raises(ValidationFailed):
        services.inspection_add_photo(
            inspection=one, upload=upload(jpeg_bytes()), defect_id=defect.pk, actor=QC
        )
    assert stored_files(photo_storage) == []
    photo = services.inspection_add_photo(
        inspection=other, upload=upload(jpeg_bytes()), defect_id=defect.pk, actor=QC
    )
    assert photo.defect == defect
