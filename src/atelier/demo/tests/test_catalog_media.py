"""Generated demo media: the on-disk cache, the factory, thumbnails, assembly guides."""

import io

import pytest
from django.core.files.base import ContentFile
from easy_thumbnails.files import get_thumbnailer
from PIL import Image

from atelier.catalog.images import generate_thumbnails
from atelier.catalog.validators import sniff_production_file
from atelier.core.actor import system_actor
from atelier.demo import catalog_media as media
from atelier.demo.catalog import _upload_image

LOOK = {"kind": "lamp", "design": "globe", "palette": "travertine", "material": "brushed brass"}


def small_image_job(**extra) -> media.Job:
    return media.Job.of("image", size=(64, 48), **LOOK, **extra)


def test_job_keys_depend_on_every_argument():
    a, b = small_image_job(variant=0), small_image_job(variant=0)
    other = small_image_job(variant=1)

    assert a.key == b.key
    assert a.key != other.key
    assert a.key != media.Job.of("image", thumbnails=True, size=(64, 48), **LOOK, variant=0).key
    as_list, as_tuple = media.Job.of("glb", rgb=[1, 2, 3]), media.Job.of("glb", rgb=(1, 2, 3))
    assert as_list.key == as_tuple.key


def test_the_mode_is_checked(settings):
    settings.DEMO_MEDIA = "Small "
    assert media.media_mode() == "small"
    settings.DEMO_MEDIA = "huge"
    with pytest.raises(ValueError, match="DEMO_MEDIA"):
        media.media_mode()


def test_a_second_factory_reads_the_cache_and_renders_nothing(tmp_path):
    job = small_image_job(variant=0)
    with media.MediaFactory(cache_dir=tmp_path, workers=0) as first:
        rendered = first.get(job)
    with media.MediaFactory(cache_dir=tmp_path, workers=0) as second:
        second.prefetch([job])
        again = second.get(job)

    assert first.rendered == 1
    assert second.rendered == 0
    assert again.data == rendered.data
    assert Image.open(io.BytesIO(again.data)).format == "WEBP"


def test_without_a_cache_folder_every_factory_renders(tmp_path):
    with media.MediaFactory(cache_dir=None, workers=0) as factory:
        factory.get(small_image_job(variant=0))
        factory.get(small_image_job(variant=0))

    assert factory.rendered == 1  # once per factory
    assert not list(tmp_path.iterdir())


def test_the_pool_renders_what_the_cache_lacks(tmp_path):
    jobs = [small_image_job(variant=v) for v in range(3)]
    with media.MediaFactory(cache_dir=tmp_path, workers=2) as factory:
        factory.prefetch(jobs)
        results = [factory.get(job) for job in jobs]

    assert factory.rendered == 3
    assert len({r.data for r in results}) == 3
    assert media.MediaCache(tmp_path).get(jobs[2]).data == results[2].data


def test_thumbnails_match_easy_thumbnails_and_are_encoded_once_when_equal(settings):
    data = media.render(small_image_job(variant=0)).data

    thumbs = media.encode_thumbnails(data)

    assert set(thumbs) == set(settings.THUMBNAIL_ALIASES[""])
    # a 64-pixel picture is never enlarged: every "width only" alias is the same picture
    assert thumbs["gallery_800"] == thumbs["hero_2560"]
    reference = get_thumbnailer(ContentFile(data), relative_name="x.webp")
    expected = reference.generate_thumbnail(settings.THUMBNAIL_ALIASES[""]["card_480"])
    assert thumbs["card_480"] == expected.file.read()


@pytest.mark.django_db
def test_stored_thumbnails_are_found_by_the_after_upload_task(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    job = media.Job.of("image", thumbnails=True, size=(64, 48), **LOOK, variant=0)
    rendered = media.render(job)

    image = _upload_image(system_actor("test"), rendered, "luna.webp", "Luna globe lamp")
    stored = sorted(p for p in tmp_path.rglob("*.webp") if p.name != image.file.name)
    before = {p: p.stat().st_mtime_ns for p in stored}
    generate_thumbnails(image)

    assert len(stored) == 1 + len(settings.THUMBNAIL_ALIASES[""])  # the picture + 9
    assert {p: p.stat().st_mtime_ns for p in stored} == before  # none made again


def test_swatches_are_small_webp_squares():
    data = media.render(media.Job.of("swatch", finish="walnut", texture="", size=(96, 96)))

    image = Image.open(io.BytesIO(data.data))
    assert (image.format, image.size) == ("WEBP", (96, 96))
    assert media.render_swatch(finish="walnut", size=(8, 8)) != media.render_swatch(
        finish="sage velvet", size=(8, 8)
    )


def test_assembly_guides_are_small_valid_pdfs():
    pdf = media.assembly_guide_pdf("Atelier - Alba (sofa)", ["1. Unpack", "2. Fix the legs"])

    assert pdf.startswith(b"%PDF-1.4")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert sniff_production_file(ContentFile(pdf)) == "pdf"
    assert b"(Atelier - Alba \\(sofa\\)) Tj" in pdf
    assert media.assembly_guide_pdf("x", ["y"]) == media.assembly_guide_pdf("x", ["y"])
