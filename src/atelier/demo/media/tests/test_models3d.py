"""GLB models: valid glTF 2.0, true-to-size, coloured, small."""

import struct

import numpy as np
import pytest

from atelier.demo.media import designs as dz
from atelier.demo.media.models3d import MAX_BYTES, build_glb, load_glb
from atelier.demo.media.suggestions import PRODUCTS

SIZES = {
    "sofa": (220, 95, 80),
    "armchair": (92, 90, 78),
    "dining_table": (200, 100, 75),
    "chair": (50, 56, 86),
    "bed": (196, 220, 125),
    "sideboard": (180, 46, 78),
    "lamp": (46, 46, 70),
    "rug": (240, 170, 1.5),
}


def _check(data: bytes, width_cm, depth_cm, height_cm):
    assert data[:4] == b"glTF"
    version, length = struct.unpack("<II", data[4:12])
    assert version == 2
    assert length == len(data)
    assert len(data) < MAX_BYTES
    scene = load_glb(data)
    extent = scene.bounds[1] - scene.bounds[0]
    # x = width, y = height, z = depth, in metres, within 1 cm.
    np.testing.assert_allclose(extent, [width_cm / 100, height_cm / 100, depth_cm / 100], atol=0.01)
    # Standing on the floor, centred.
    assert abs(scene.bounds[0][1]) < 0.005
    assert abs(scene.bounds[0][0] + scene.bounds[1][0]) < 0.01
    return scene


@pytest.mark.parametrize("kind", dz.KINDS)
def test_glb_for_every_kind(kind):
    w, d, h = SIZES[kind]
    data = build_glb(kind, width_cm=w, depth_cm=d, height_cm=h, colour_rgb=(138, 151, 124))
    scene = _check(data, w, d, h)
    colours = [
        tuple(np.round(np.asarray(g.visual.material.baseColorFactor[:3], float), 3))
        for g in scene.geometry.values()
    ]
    assert colours  # every mesh carries a PBR material


@pytest.mark.parametrize(("kind", "design"), [(k, n) for k in dz.KINDS for n in dz.DESIGNS[k]])
def test_every_design_fits_its_box_and_the_size_limit(kind, design):
    w, h, d = (v * 100 for v in dz.DESIGNS[kind][design])
    _check(
        build_glb(
            kind,
            width_cm=w,
            depth_cm=d,
            height_cm=h,
            colour_rgb=(200, 190, 170),
            design=design,
            secondary="brushed brass",
        ),
        w,
        d,
        h,
    )


def test_primary_colour_reaches_the_material():
    data = build_glb("sofa", width_cm=200, depth_cm=90, height_cm=80, colour_rgb=(255, 0, 0))
    scene = load_glb(data)
    factors = [g.visual.material.baseColorFactor for g in scene.geometry.values()]
    reds = [f for f in factors if f[0] > 200 and f[1] < 10 and f[2] < 10]  # stored as 0-255
    assert reds, factors


def test_deterministic():
    kw = {"width_cm": 90, "depth_cm": 40, "height_cm": 75, "colour_rgb": (110, 72, 48)}
    assert build_glb("sideboard", **kw) == build_glb("sideboard", **kw)


def test_suggested_models_build():
    for p in PRODUCTS:
        if p.model:
            kw = p.glb_kwargs()
            _check(build_glb(**kw), kw["width_cm"], kw["depth_cm"], kw["height_cm"])


def test_unknown_kind_and_bad_input_raise():
    with pytest.raises(ValueError, match=r"Unknown kind 'ottoman'; expected one of: sofa, "):
        build_glb("ottoman", width_cm=100, depth_cm=50, height_cm=40, colour_rgb=(1, 2, 3))
    with pytest.raises(ValueError, match="width_cm"):
        build_glb("sofa", width_cm=0, depth_cm=50, height_cm=40, colour_rgb=(1, 2, 3))
    with pytest.raises(ValueError, match="colour_rgb"):
        build_glb("sofa", width_cm=200, depth_cm=90, height_cm=80, colour_rgb=(300, 0, 0))
