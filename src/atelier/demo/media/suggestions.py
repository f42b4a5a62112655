"""Sixty suggested demo products: how each one should look (kind, design, finishes, size).

This is a suggestion for the demo catalog, not catalog data: names, finishes and sizes that
read as a coherent luxury range and render well. Use ``look.image_kwargs(variant)`` with
``imagery.render_product_image`` and ``look.glb_kwargs()`` with ``models3d.build_glb``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .palettes import get_finish

CATEGORIES = {
    "sofa": "Sofas",
    "armchair": "Armchairs",
    "dining_table": "Dining tables",
    "chair": "Dining chairs",
    "bed": "Beds",
    "sideboard": "Storage & sideboards",
    "lamp": "Lighting",
    "rug": "Rugs",
}


@dataclass(frozen=True)
class ProductLook:
    slug: str
    name: str
    kind: str
    design: str
    palette: str  # main finish
    material: str  # secondary finish
    width_cm: float
    depth_cm: float
    height_cm: float
    model: bool = False  # worth a GLB for <model-viewer>

    @property
    def category(self) -> str:
        return CATEGORIES[self.kind]

    def image_kwargs(self, variant: int = 0) -> dict:
        return {
            "kind": self.kind,
            "design": self.design,
            "palette": self.palette,
            "material": self.material,
            "variant": variant,
            "width_cm": self.width_cm,
            "depth_cm": self.depth_cm,
            "height_cm": self.height_cm,
        }

    def glb_kwargs(self) -> dict:
        return {
            "kind": self.kind,
            "design": self.design,
            "width_cm": self.width_cm,
            "depth_cm": self.depth_cm,
            "height_cm": self.height_cm,
            "colour_rgb": get_finish(self.palette).base,
            "secondary": self.material,
        }


# kind: name | design | palette | material | width depth height (cm) | "3d" if a GLB is worth it
_TABLE = {
    "sofa": """
        Alba three-seat sofa | track | bouclé ivory | walnut | 220 95 80 | 3d
        Alba three-seat sofa, sage velvet | track | sage velvet | walnut | 220 95 80 |
        Riva low sofa | modular | bouclé oatmeal | walnut | 260 105 72 | 3d
        Riva low sofa, midnight velvet | modular | midnight velvet | walnut | 260 105 72 |
        Sorrento tuxedo sofa | tuxedo | emerald velvet | brass | 210 90 74 |
        Marlow leather sofa | track | cognac leather | smoked oak | 230 95 80 |
        Hollis two-seat sofa | track | terracotta linen | natural oak | 180 92 80 |
        Capri tuxedo sofa | tuxedo | blush velvet | brass | 200 90 74 |
    """,
    "armchair": """
        Orso club chair | club | cognac leather | walnut | 92 90 78 | 3d
        Orso club chair, sage velvet | club | sage velvet | walnut | 92 90 78 |
        Nido shell chair | tub | bouclé ivory | walnut | 80 78 74 | 3d
        Nido shell chair, blush velvet | tub | blush velvet | brass | 80 78 74 |
        Tove lounge chair | lounge | oat linen | natural oak | 76 84 86 |
        Tove lounge chair, leather | lounge | espresso leather | walnut | 76 84 86 |
        Hale club chair | club | bouclé oatmeal | smoked oak | 96 92 76 |
        Conca shell chair | tub | emerald velvet | brass | 80 78 74 |
    """,
    "dining_table": """
        Linea dining table | legs | walnut | walnut | 220 100 75 | 3d
        Linea dining table, natural oak | legs | natural oak | natural oak | 200 95 75 |
        Tondo pedestal table | pedestal | Calacatta marble | Calacatta | 130 130 75 | 3d
        Tondo pedestal table, travertine | pedestal | travertine | travertine | 140 140 75 |
        Monolith dining table | slab | travertine | travertine | 240 100 75 |
        Ellisse oval table | oval | Nero Marquina | Nero Marquina | 240 110 75 |
        Ellisse oval table, walnut | oval | walnut | smoked oak | 260 115 75 |
    """,
    "chair": """
        Aria dining chair | upholstered | oat linen | natural oak | 50 56 86 |
        Aria dining chair, leather | upholstered | cognac leather | walnut | 50 56 86 | 3d
        Aria dining chair, velvet | upholstered | midnight velvet | ebonised oak | 50 56 86 |
        Aria dining chair, sage | upholstered | sage velvet | walnut | 50 56 86 |
        Arco dining chair | bentwood | terracotta linen | natural oak | 50 52 80 |
        Arco dining chair, walnut | bentwood | bouclé ivory | walnut | 50 52 80 |
        Arco dining chair, ebonised | bentwood | espresso leather | ebonised oak | 50 52 80 |
        Arco dining chair, smoked oak | bentwood | stone linen | smoked oak | 50 52 80 |
    """,
    "bed": """
        Somnus upholstered bed | upholstered | bouclé oatmeal | walnut | 196 220 125 | 3d
        Somnus bed, sage velvet | upholstered | sage velvet | natural oak | 196 220 125 |
        Somnus bed, midnight velvet | upholstered | midnight velvet | ebonised oak | 196 220 125 |
        Somnus bed, blush velvet | upholstered | blush velvet | walnut | 176 215 125 |
        Kyoto platform bed | platform | oat linen | natural oak | 190 215 105 |
        Kyoto platform bed, walnut | platform | terracotta linen | walnut | 190 215 105 |
        Kyoto platform bed, smoked oak | platform | stone linen | smoked oak | 190 215 105 |
    """,
    "sideboard": """
        Onda fluted sideboard | fluted | walnut | brass | 200 48 78 | 3d
        Onda fluted sideboard, smoked oak | fluted | smoked oak | bronze | 200 48 78 |
        Onda fluted sideboard, oyster | fluted | oyster lacquer | brass | 180 46 78 |
        Cassa sideboard, travertine top | drawers | natural oak | travertine | 180 46 77 |
        Cassa sideboard, ebonised and Nero | drawers | ebonised oak | Nero Marquina | 180 46 77 |
        Cassa nightstand | drawers | walnut | brass | 56 44 56 |
        Vitrine bar cabinet | cabinet | walnut | brass | 110 45 140 |
        Vitrine bar cabinet, oxblood | cabinet | oxblood lacquer | polished nickel | 110 45 140 |
    """,
    "lamp": """
        Gourd table lamp | table | oat linen | sage ceramic | 46 46 70 | 3d
        Gourd table lamp, ink glaze | table | ivory linen | ink ceramic | 46 46 70 |
        Gourd table lamp, oyster glaze | table | stone linen | oyster ceramic | 42 42 64 |
        Stelo floor lamp | floor | oat linen | brass | 46 46 162 | 3d
        Stelo floor lamp, blackened | floor | stone linen | blackened steel | 46 46 162 |
        Luna globe lamp | globe | travertine | brass | 30 30 56 |
        Luna globe lamp, Nero Marquina | globe | Nero Marquina | brass | 30 30 56 |
    """,
    "rug": """
        Dune hand-tufted rug | abstract | oat linen | terracotta linen | 240 170 1.5 |
        Dune rug, camel | abstract | camel wool | ivory linen | 300 200 1.5 |
        Linea bordered rug | border | bouclé ivory | walnut | 240 170 1.5 |
        Linea bordered rug, charcoal | border | charcoal wool | stone linen | 300 200 1.5 |
        Grid windowpane rug | windowpane | stone linen | charcoal wool | 240 170 1.5 |
        Grid windowpane rug, midnight | windowpane | oat linen | midnight velvet | 300 200 1.5 |
        Orbit round rug | round | oat linen | sage velvet | 200 200 1.5 |
    """,
}


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c if c.isalnum() else "-" for c in text if not unicodedata.combining(c))
    return "-".join(part for part in text.split("-") if part)


def _parse() -> tuple[ProductLook, ...]:
    out = []
    for kind, block in _TABLE.items():
        for line in block.strip().splitlines():
            name, design, palette, material, size, flag = (c.strip() for c in line.split("|"))
            w, d, h = (float(v) for v in size.split())
            material = get_finish(material).name  # canonical spelling ("brass" -> "brushed brass")
            out.append(
                ProductLook(
                    _slug(name),
                    name,
                    kind,
                    design,
                    get_finish(palette).name,
                    material,
                    w,
                    d,
                    h,
                    flag == "3d",
                )
            )
    return tuple(out)


PRODUCTS: tuple[ProductLook, ...] = _parse()
BY_SLUG = {p.slug: p for p in PRODUCTS}
