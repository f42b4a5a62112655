"""Generated demo media: studio product shots, room heroes and GLB models.

Pure Python + Pillow + numpy + trimesh, deterministic (seeded), no fonts, no network.

- ``imagery.render_product_image(kind, palette=..., material=..., variant=0)`` -> PNG bytes
- ``imagery.render_collection_hero(theme, palette)`` -> PNG bytes (2400x1000 banner)
- ``imagery.render_lifestyle(kind, palette=..., material=...)`` -> PNG bytes
- ``models3d.build_glb(kind, width_cm=..., depth_cm=..., height_cm=..., colour_rgb=...)``
- ``palettes.FINISHES`` / ``palettes.SCHEMES``; ``suggestions.PRODUCTS`` (60 ready looks)

``python -m atelier.demo.media.preview OUTDIR`` writes a contact sheet to look at.
"""

from .designs import DESIGNS, KINDS
from .imagery import render_collection_hero, render_lifestyle, render_product_image
from .models3d import build_glb
from .palettes import FINISHES, SCHEMES

__all__ = [
    "DESIGNS",
    "FINISHES",
    "KINDS",
    "SCHEMES",
    "build_glb",
    "render_collection_hero",
    "render_lifestyle",
    "render_product_image",
]
