"""Named finishes (colour + surface texture) and room schemes for the demo imagery.

A *finish* is what a customer would pick from a swatch book: "sage velvet", "walnut",
"Calacatta marble". Each has a base colour, a shadow and a highlight colour (sRGB 0-255),
a texture type that drives the procedural surface in ``imagery`` and the PBR values used
for the GLB models.

Names are matched loosely: case, accents, hyphens and underscores do not matter, so
``"boucle-ivory"`` finds ``"bouclé ivory"``. An ``(r, g, b)`` tuple is accepted wherever a
finish name is, and becomes an untextured-looking finish of the default texture.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

RGB = tuple[int, int, int]

# Texture types the renderer knows how to draw.
TEXTURES = (
    "boucle",
    "linen",
    "velvet",
    "leather",
    "wool",
    "wood",
    "marble",
    "stone",
    "metal",
    "ceramic",
    "lacquer",
    "glass",
)

_FABRICS = {"boucle", "linen", "velvet", "leather", "wool"}


@dataclass(frozen=True)
class Finish:
    name: str
    texture: str
    base: RGB
    shadow: RGB
    highlight: RGB
    roughness: float = 0.8  # PBR roughness for the GLB; also widens highlights in images
    metallic: float = 0.0

    @property
    def is_fabric(self) -> bool:
        return self.texture in _FABRICS


def _f(name, texture, base, shadow, highlight, roughness=None, metallic=0.0) -> Finish:
    if roughness is None:
        roughness = {
            "leather": 0.55,
            "wood": 0.6,
            "marble": 0.25,
            "stone": 0.7,
            "metal": 0.35,
            "ceramic": 0.3,
            "lacquer": 0.2,
            "glass": 0.1,
        }.get(texture, 0.9)
    return Finish(name, texture, base, shadow, highlight, roughness, metallic)


_ALL: tuple[Finish, ...] = (
    # Upholstery
    _f("bouclé ivory", "boucle", (232, 226, 214), (188, 178, 160), (248, 245, 238)),
    _f("bouclé oatmeal", "boucle", (214, 201, 180), (166, 150, 126), (236, 228, 214)),
    _f("cognac leather", "leather", (152, 88, 46), (96, 50, 24), (208, 146, 96)),
    _f("espresso leather", "leather", (78, 54, 40), (44, 29, 21), (142, 108, 84)),
    _f("sage velvet", "velvet", (138, 151, 124), (88, 100, 78), (196, 206, 180)),
    _f("midnight velvet", "velvet", (44, 54, 76), (22, 28, 42), (104, 118, 150)),
    _f("emerald velvet", "velvet", (40, 88, 72), (18, 48, 38), (102, 150, 128)),
    _f("blush velvet", "velvet", (206, 166, 154), (160, 118, 108), (236, 206, 196)),
    _f("ochre velvet", "velvet", (184, 136, 62), (128, 88, 34), (226, 186, 112)),
    _f("terracotta linen", "linen", (184, 106, 76), (136, 72, 48), (214, 148, 118)),
    _f("oat linen", "linen", (208, 196, 174), (164, 150, 126), (230, 222, 204)),
    _f("stone linen", "linen", (186, 179, 166), (140, 133, 121), (214, 208, 198)),
    _f("ivory linen", "linen", (238, 233, 222), (196, 188, 174), (250, 248, 242)),
    _f("charcoal wool", "wool", (76, 74, 72), (44, 43, 42), (122, 119, 115)),
    _f("camel wool", "wool", (178, 140, 100), (128, 96, 64), (212, 180, 142)),
    # Woods
    _f("walnut", "wood", (110, 72, 48), (66, 40, 25), (156, 110, 76)),
    _f("smoked oak", "wood", (96, 76, 58), (58, 44, 33), (140, 116, 92)),
    _f("natural oak", "wood", (190, 152, 112), (146, 110, 76), (218, 188, 150)),
    _f("ebonised oak", "wood", (46, 40, 37), (24, 21, 19), (86, 78, 72)),
    # Stones
    _f("Calacatta marble", "marble", (238, 234, 227), (176, 160, 136), (250, 249, 246)),
    _f("Nero Marquina", "marble", (30, 29, 31), (168, 164, 158), (62, 60, 62)),
    _f("Verde Alpi", "marble", (44, 70, 58), (142, 164, 150), (74, 100, 86)),
    _f("travertine", "stone", (214, 196, 166), (170, 148, 114), (234, 222, 200)),
    # Metals
    _f("brushed brass", "metal", (196, 160, 96), (120, 92, 48), (242, 218, 160), metallic=1.0),
    _f("bronze", "metal", (120, 88, 58), (64, 44, 28), (186, 150, 112), metallic=1.0),
    _f("blackened steel", "metal", (48, 48, 50), (22, 22, 24), (120, 120, 124), metallic=1.0),
    _f("polished nickel", "metal", (196, 196, 192), (120, 120, 118), (240, 240, 236), 0.2, 1.0),
    # Ceramics, lacquers, glass
    _f("sage ceramic", "ceramic", (150, 164, 140), (100, 114, 92), (206, 216, 196)),
    _f("oyster ceramic", "ceramic", (226, 218, 204), (176, 166, 150), (246, 242, 234)),
    _f("ink ceramic", "ceramic", (42, 50, 64), (20, 24, 32), (104, 116, 136)),
    _f("oyster lacquer", "lacquer", (226, 219, 206), (180, 170, 154), (246, 243, 236)),
    _f("oxblood lacquer", "lacquer", (98, 36, 38), (56, 18, 20), (160, 82, 80)),
    _f("opal glass", "glass", (246, 240, 228), (214, 204, 186), (255, 252, 244)),
)


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


FINISHES: dict[str, Finish] = {f.name: f for f in _ALL}
_BY_KEY: dict[str, Finish] = {_key(f.name): f for f in _ALL}
_ALIASES = {
    "ivory boucle": "bouclé ivory",
    "boucle": "bouclé ivory",
    "calacatta": "Calacatta marble",
    "nero": "Nero Marquina",
    "nero marquina marble": "Nero Marquina",
    "brass": "brushed brass",
    "oak": "natural oak",
    "travertine stone": "travertine",
}
for _alias, _target in _ALIASES.items():
    _BY_KEY[_key(_alias)] = FINISHES[_target]

# Groups, handy for the catalog and the preview sheet.
UPHOLSTERY = tuple(f.name for f in _ALL if f.is_fabric and f.name != "ivory linen")
WOODS = tuple(f.name for f in _ALL if f.texture == "wood")
STONES = tuple(f.name for f in _ALL if f.texture in {"marble", "stone"})
METALS = tuple(f.name for f in _ALL if f.texture == "metal")
CERAMICS = tuple(f.name for f in _ALL if f.texture in {"ceramic", "lacquer"})


def _shade(rgb: RGB, factor: float) -> RGB:
    return tuple(max(0, min(255, round(c * factor))) for c in rgb)  # type: ignore[return-value]


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def finish_from_rgb(rgb, texture: str = "linen", name: str | None = None) -> Finish:
    """A finish of the given colour: shadow and highlight are derived from the base."""
    if texture not in TEXTURES:
        raise ValueError(f"Unknown texture {texture!r}; expected one of {', '.join(TEXTURES)}.")
    try:
        base = tuple(int(c) for c in rgb)
    except (TypeError, ValueError):
        raise ValueError(f"Expected an (r, g, b) tuple, got {rgb!r}.") from None
    if len(base) != 3 or not all(0 <= c <= 255 for c in base):
        raise ValueError(f"Expected an (r, g, b) tuple of 0-255 values, got {rgb!r}.")
    template = next(f for f in _ALL if f.texture == texture)
    return replace(
        template,
        name=name or "#{:02x}{:02x}{:02x}".format(*base),
        base=base,
        shadow=_shade(base, 0.62),
        highlight=_mix(base, (255, 255, 255), 0.35),
    )


def get_finish(value, default_texture: str = "linen") -> Finish:
    """Resolve a finish name, an (r, g, b) tuple or a Finish; ValueError if unknown."""
    if isinstance(value, Finish):
        return value
    if isinstance(value, str):
        found = _BY_KEY.get(_key(value))
        if found is None:
            raise ValueError(
                f"Unknown finish {value!r}; expected one of: {', '.join(FINISHES)} "
                "(or an (r, g, b) tuple)."
            )
        return found
    return finish_from_rgb(value, default_texture)


@dataclass(frozen=True)
class Scheme:
    """A room palette for collection heroes: which finish goes where."""

    name: str
    # Each entry is a finish name (or a Finish, for schemes built around a custom colour).
    upholstery: str | Finish
    accent: str | Finish  # a second upholstery (armchair, throw, cushions)
    wood: str | Finish
    metal: str | Finish
    stone: str | Finish
    rug: tuple[str | Finish, str | Finish]  # field, motif
    wall: RGB
    floor: str  # "oak", "stone" or "dark oak"


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme(
            "ivory & walnut",
            "bouclé ivory",
            "cognac leather",
            "walnut",
            "brushed brass",
            "travertine",
            ("oat linen", "walnut"),
            (233, 226, 215),
            "oak",
        ),
        Scheme(
            "sage & brass",
            "sage velvet",
            "oat linen",
            "natural oak",
            "brushed brass",
            "Calacatta marble",
            ("bouclé ivory", "sage velvet"),
            (226, 225, 214),
            "oak",
        ),
        Scheme(
            "midnight & marble",
            "midnight velvet",
            "bouclé ivory",
            "ebonised oak",
            "brushed brass",
            "Nero Marquina",
            ("stone linen", "midnight velvet"),
            (214, 210, 204),
            "dark oak",
        ),
        Scheme(
            "terracotta & oak",
            "terracotta linen",
            "bouclé oatmeal",
            "smoked oak",
            "bronze",
            "travertine",
            ("oat linen", "terracotta linen"),
            (232, 220, 204),
            "stone",
        ),
        Scheme(
            "cognac & smoked oak",
            "cognac leather",
            "stone linen",
            "smoked oak",
            "blackened steel",
            "travertine",
            ("charcoal wool", "stone linen"),
            (222, 216, 207),
            "dark oak",
        ),
        Scheme(
            "emerald & travertine",
            "emerald velvet",
            "blush velvet",
            "walnut",
            "brushed brass",
            "Verde Alpi",
            ("oat linen", "emerald velvet"),
            (230, 223, 212),
            "stone",
        ),
    )
}
_SCHEME_KEYS = {_key(name): s for name, s in SCHEMES.items()}


def get_scheme(value) -> Scheme:
    """A scheme by name; a finish name or RGB gives a scheme built around it."""
    if isinstance(value, Scheme):
        return value
    if isinstance(value, str) and _key(value) in _SCHEME_KEYS:
        return _SCHEME_KEYS[_key(value)]
    finish = get_finish(value, "velvet")  # raises ValueError with the list of names
    base = SCHEMES["ivory & walnut"]
    if finish.is_fabric or not isinstance(value, str):
        return replace(base, name=finish.name, upholstery=finish, rug=("oat linen", finish))
    if finish.texture == "wood":
        return replace(base, name=finish.name, wood=finish)
    if finish.texture == "metal":
        return replace(base, name=finish.name, metal=finish)
    if finish.texture in {"marble", "stone"}:
        return replace(base, name=finish.name, stone=finish)
    return base
