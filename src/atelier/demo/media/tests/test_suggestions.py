"""The suggested demo range: about sixty products, all eight categories, all renderable."""

from collections import Counter

from atelier.demo.media import designs as dz
from atelier.demo.media.imagery import render_product_image
from atelier.demo.media.palettes import get_finish
from atelier.demo.media.suggestions import BY_SLUG, CATEGORIES, PRODUCTS


def test_range_shape():
    assert len(PRODUCTS) == 60
    assert len(BY_SLUG) == 60  # unique slugs
    counts = Counter(p.kind for p in PRODUCTS)
    assert set(counts) == set(CATEGORIES) == set(dz.KINDS)
    assert min(counts.values()) >= 6
    models = {p.kind for p in PRODUCTS if p.model}
    assert {"sofa", "armchair", "dining_table", "lamp", "sideboard"} <= models


def test_every_suggestion_resolves_and_renders():
    for p in PRODUCTS:
        assert p.design in dz.DESIGNS[p.kind]
        get_finish(p.palette)
        get_finish(p.material)
        data = render_product_image(**p.image_kwargs(), size=(96, 72))
        assert data[:4] == b"\x89PNG"
