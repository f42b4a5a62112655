"""Generated product imagery: valid, sized, deterministic, varied, and clearly a product shot."""

import io

import numpy as np
import pytest
from PIL import Image

from atelier.demo.media import designs as dz
from atelier.demo.media.imagery import (
    KINDS,
    THEMES,
    render_collection_hero,
    render_lifestyle,
    render_product_image,
)
from atelier.demo.media.palettes import FINISHES, SCHEMES, get_finish, get_scheme

SMALL = (320, 240)
LOOK = {
    "sofa": ("sage velvet", "walnut"),
    "armchair": ("cognac leather", "walnut"),
    "dining_table": ("Calacatta marble", "brushed brass"),
    "chair": ("terracotta linen", "natural oak"),
    "bed": ("bouclé oatmeal", "walnut"),
    "sideboard": ("walnut", "brushed brass"),
    "lamp": ("oat linen", "sage ceramic"),
    "rug": ("oat linen", "terracotta linen"),
}


def _open(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def test_every_kind_has_a_look():
    assert set(LOOK) == set(KINDS) == set(dz.DESIGNS)


@pytest.mark.parametrize("kind", KINDS)
def test_renders_png_of_requested_size(kind):
    palette, material = LOOK[kind]
    data = render_product_image(kind, palette=palette, material=material, size=(400, 300))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    img = _open(data)
    assert img.format == "PNG"
    assert img.size == (400, 300)
    assert img.mode == "RGB"


def test_default_size_is_1600_by_1200():
    img = _open(render_product_image("chair", palette="oat linen", material="walnut"))
    assert img.size == (1600, 1200)


@pytest.mark.parametrize("kind", KINDS)
def test_same_inputs_give_same_bytes(kind):
    palette, material = LOOK[kind]
    a = render_product_image(kind, palette=palette, material=material, variant=1, size=SMALL)
    b = render_product_image(kind, palette=palette, material=material, variant=1, size=SMALL)
    assert a == b


@pytest.mark.parametrize("kind", KINDS)
def test_variants_differ(kind):
    palette, material = LOOK[kind]
    pixels = [
        np.asarray(
            _open(
                render_product_image(
                    kind, palette=palette, material=material, variant=v, size=SMALL
                )
            ),
            np.float32,
        )
        for v in range(4)
    ]
    for i in range(4):
        for j in range(i + 1, 4):
            # Not just different bytes: a visibly different picture.
            assert np.abs(pixels[i] - pixels[j]).mean() > 2.0, (kind, i, j)


@pytest.mark.parametrize("kind", KINDS)
def test_looks_like_a_product_shot_not_a_placeholder(kind):
    palette, material = LOOK[kind]
    img = np.asarray(
        _open(render_product_image(kind, palette=palette, material=material, size=SMALL)),
        np.float32,
    )
    h, w, _ = img.shape
    corner = img[: h // 8, : w // 8].reshape(-1, 3).mean(0)
    centre = img[h // 3 : 2 * h // 3, w // 3 : 2 * w // 3].reshape(-1, 3)
    # A pale, warm, neutral backdrop...
    assert corner.min() > 150
    assert corner[0] >= corner[2] - 2
    # ...and a piece in the middle that stands out from it, with real tonal range.
    assert np.abs(centre - corner).sum(1).max() > 60
    assert img.std() > 12


@pytest.mark.parametrize("kind", KINDS)
def test_every_design_renders(kind):
    palette, material = LOOK[kind]
    for design in dz.DESIGNS[kind]:
        img = _open(
            render_product_image(
                kind, palette=palette, material=material, design=design, size=(160, 120)
            )
        )
        assert img.size == (160, 120)


def test_palettes_change_the_picture():
    a = render_product_image("sofa", palette="sage velvet", material="walnut", size=SMALL)
    b = render_product_image("sofa", palette="cognac leather", material="walnut", size=SMALL)
    c = render_product_image("sofa", palette=(120, 40, 60), material="walnut", size=SMALL)
    assert len({a, b, c}) == 3


def test_custom_dimensions_and_webp():
    data = render_product_image(
        "dining_table",
        palette="walnut",
        material="walnut",
        width_cm=180,
        depth_cm=90,
        height_cm=74,
        size=SMALL,
        fmt="webp",
    )
    img = _open(data)
    assert img.format == "WEBP"
    assert img.size == SMALL


def test_unknown_kind_raises_clear_error():
    with pytest.raises(ValueError, match=r"Unknown kind 'ottoman'; expected one of: sofa, "):
        render_product_image("ottoman", palette="sage velvet", material="walnut")


def test_unknown_finish_and_bad_arguments_raise():
    with pytest.raises(ValueError, match="Unknown finish 'plaid'"):
        render_product_image("sofa", palette="plaid", material="walnut")
    with pytest.raises(ValueError, match="Unknown sofa design"):
        render_product_image("sofa", palette="sage velvet", design="chesterfield")
    with pytest.raises(ValueError, match="variant"):
        render_product_image("sofa", palette="sage velvet", variant=-1)
    with pytest.raises(ValueError, match="size"):
        render_product_image("sofa", palette="sage velvet", size=(0, 10))
    with pytest.raises(ValueError, match="format"):
        render_product_image("sofa", palette="sage velvet", size=SMALL, fmt="gif")


def test_finish_names_are_forgiving():
    assert get_finish("boucle-ivory") is FINISHES["bouclé ivory"]
    assert get_finish("CALACATTA MARBLE") is FINISHES["Calacatta marble"]
    assert get_finish((10, 20, 30)).base == (10, 20, 30)
    for name, finish in FINISHES.items():
        assert get_finish(name) is finish
        for rgb in (finish.base, finish.shadow, finish.highlight):
            assert all(0 <= c <= 255 for c in rgb)


@pytest.mark.parametrize("theme", THEMES)
def test_collection_hero(theme):
    data = render_collection_hero(theme, "sage & brass", size=(480, 200))
    img = _open(data)
    assert img.size == (480, 200)
    assert data == render_collection_hero(theme, "sage & brass", size=(480, 200))


def test_hero_palettes_and_errors():
    for name in SCHEMES:
        assert get_scheme(name).name == name
    assert get_scheme("emerald velvet").upholstery.name == "emerald velvet"
    a = render_collection_hero("living", "terracotta & oak", size=(240, 100))
    b = render_collection_hero("living", (90, 60, 120), size=(240, 100))
    assert a != b
    with pytest.raises(ValueError, match="Unknown theme 'garage'"):
        render_collection_hero("garage", "sage & brass")


def test_lifestyle():
    img = _open(render_lifestyle("armchair", palette="blush velvet", material="walnut", size=SMALL))
    assert img.size == SMALL
