"""Studio product shots and room heroes, generated (deterministically) from parametric models.

    render_product_image("sofa", palette="sage velvet", material="walnut", variant=0)

``palette`` is the piece's main finish: upholstery for seating and beds, the top of a table,
the carcass of a sideboard, the shade of a lamp (the base of a globe lamp), the field colour
of a rug. ``material`` is the secondary finish: legs, frame, base, the stem of a lamp, the
pattern colour of a rug. Both take a finish name from ``palettes.FINISHES`` or an (r, g, b)
tuple. Variants: 0 three-quarter hero, 1 straight-on front, 2 the other three-quarter,
3 a close-up detail with a shallow depth of field; higher numbers cycle with small changes.
"""

from __future__ import annotations

import io
import math
from dataclasses import replace

import numpy as np
from PIL import Image

from . import designs as dz
from .palettes import FINISHES, Finish, get_finish, get_scheme
from .raster import Backdrop, Camera, DepthOfField, Prim, place, render, rot_matrix
from .textures import seed_for

KINDS = dz.KINDS
VIEWS = ("three-quarter", "front", "reverse three-quarter", "detail")
THEMES = ("living", "dining", "bedroom")
DETAIL_SCALE = 0.75  # internal resolution of the (depth-of-field) detail close-ups

_DEFAULT_MATERIAL = {
    "sofa": "walnut",
    "armchair": "walnut",
    "dining_table": "walnut",
    "chair": "walnut",
    "bed": "walnut",
    "sideboard": "brushed brass",
    "lamp": "brushed brass",
    "rug": "walnut",
}
_DARK = Finish("shadow gap", "lacquer", (36, 33, 31), (20, 18, 17), (60, 56, 52), 0.9)

# Camera per kind: (pitch for the 3/4 and front views in degrees, frame fill w, frame fill h)
_FRAMING = {
    "sofa": (13, 0.8, 0.62),
    "armchair": (13, 0.66, 0.7),
    "dining_table": (17, 0.8, 0.6),
    "chair": (12, 0.6, 0.74),
    "bed": (21, 0.78, 0.66),
    "sideboard": (10, 0.8, 0.6),
    "lamp": (7, 0.6, 0.8),
    "rug": (48, 0.8, 0.7),
}


def _resolve(kind: str, palette, material) -> tuple[Finish, Finish]:
    primary = get_finish(palette, "wool" if kind == "rug" else "linen")
    secondary = get_finish(
        material if material is not None else _DEFAULT_MATERIAL[kind],
        "wool" if kind == "rug" else "wood",
    )
    return primary, secondary


def _deeper(f: Finish, k: float = 0.78) -> Finish:
    def sh(c, m):
        return tuple(max(0, min(255, round(v * m))) for v in c)

    return replace(
        f,
        name=f"{f.name} (deep)",
        base=sh(f.base, k),
        shadow=sh(f.shadow, k),
        highlight=sh(f.highlight, k * 1.05),
    )


def _slot_finish(slot: str, primary: Finish, secondary: Finish, kind: str) -> Finish:
    if slot == "primary":
        return replace(primary, texture="wool") if kind == "rug" else primary
    if slot == "secondary":
        return secondary
    if slot == "metal":
        return secondary if secondary.texture == "metal" else FINISHES["brushed brass"]
    if slot in {"linen", "linen2"}:
        return FINISHES["ivory linen"]
    if slot == "accent":
        return _deeper(primary) if primary.is_fabric else FINISHES["oat linen"]
    if slot == "top":
        return secondary if secondary.texture in {"marble", "stone"} else primary
    if slot == "glass":
        return FINISHES["opal glass"]
    return _DARK


def _prims(
    design: dz.Design, primary: Finish, secondary: Finish, yaw=0.0, offset=(0, 0, 0), seed: str = ""
) -> list[Prim]:
    out = []
    for i, part in enumerate(design.parts):
        f = _slot_finish(part.slot, primary, secondary, design.kind)
        tint = 0.965 if part.slot == "linen2" else 1.0
        out.append(
            place(
                part,
                f,
                yaw,
                offset,
                seed_for(seed, design.kind, design.name, i),
                tint,
                secondary.base,
            )
        )
    return out


def _points(prims: list[Prim]) -> np.ndarray:
    return np.concatenate([p.world_points() for p in prims])


def _frame(
    pts: np.ndarray,
    size,
    pitch_deg: float,
    fill_w: float,
    fill_h: float,
    fov: float = 24.0,
    centre_y: float = 0.53,
) -> Camera:
    """A camera at ``pitch_deg`` that fits the points into the frame, lens-shifted to centre."""
    lo, hi = pts.min(0), pts.max(0)
    target = (lo + hi) / 2
    pitch = math.radians(pitch_deg)
    direction = np.array([0.0, math.sin(pitch), math.cos(pitch)])
    dist = 4.0 * float(np.linalg.norm(hi - lo)) + 1.0
    W, H = size
    for _ in range(5):
        cam = Camera.look(target + direction * dist, target, size, fov)
        pr = cam.project(pts)
        ext_w = (pr[:, 0].max() - pr[:, 0].min()) / W
        ext_h = (pr[:, 1].max() - pr[:, 1].min()) / H
        ratio = max(ext_w / fill_w, ext_h / fill_h)
        dist *= ratio**0.9 if ratio > 0 else 1
    cam = Camera.look(target + direction * dist, target, size, fov)
    pr = cam.project(pts)
    cam.cx += W / 2 - (pr[:, 0].max() + pr[:, 0].min()) / 2
    cam.cy += H * centre_y - (pr[:, 1].max() + pr[:, 1].min()) / 2
    return cam


def _studio(pts: np.ndarray, tone: int = 0) -> Backdrop:
    lo, hi = pts.min(0), pts.max(0)
    walls = [
        ((234, 229, 221), (219, 212, 202)),
        ((231, 228, 223), (214, 210, 204)),
        ((236, 228, 219), (222, 211, 199)),
    ]
    wall, floor = walls[tone % len(walls)]
    return Backdrop(
        wall=wall,
        floor=floor,
        wall_z=float(lo[2]) - 1.6,
        glow_at=(float((lo[0] + hi[0]) / 2), float(hi[1]) + 0.2),
    )


def _encode(img: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    fmt = fmt.lower()
    if fmt == "png":
        img.save(buf, "PNG", compress_level=2)
    elif fmt == "webp":
        img.save(buf, "WEBP", quality=88, method=2)
    elif fmt in {"jpeg", "jpg"}:
        img.save(buf, "JPEG", quality=90, optimize=True, subsampling=0)
    else:
        raise ValueError(f"Unknown image format {fmt!r}; expected 'png', 'webp' or 'jpeg'.")
    return buf.getvalue()


def _check_size(size) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"size must be (width, height), got {size!r}.") from None
    if not (16 <= w <= 8000 and 16 <= h <= 8000):
        raise ValueError(f"size must be between 16 and 8000 pixels a side, got {size!r}.")
    return w, h


def _dims(kind, design, width_cm, depth_cm, height_cm):
    base = dz.build_design(kind, design)
    w, h, d = base.dims
    if width_cm is None and depth_cm is None and height_cm is None:
        return None
    return (
        w if width_cm is None else width_cm / 100,
        h if height_cm is None else height_cm / 100,
        d if depth_cm is None else depth_cm / 100,
    )


def product_image(
    kind: str,
    *,
    palette,
    material=None,
    variant: int = 0,
    size=(1600, 1200),
    design: str | int | None = None,
    width_cm: float | None = None,
    depth_cm: float | None = None,
    height_cm: float | None = None,
) -> Image.Image:
    """Like ``render_product_image`` but returns the PIL image."""
    dz.check_kind(kind)
    size = _check_size(size)
    if not isinstance(variant, int) or variant < 0:
        raise ValueError(f"variant must be a non-negative int, got {variant!r}.")
    primary, secondary = _resolve(kind, palette, material)
    dsn = dz.build_design(kind, design, _dims(kind, design, width_cm, depth_cm, height_cm))
    view = variant % 4
    cycle = variant // 4
    pitch, fill_w, fill_h = _FRAMING[kind]
    yaw = {0: 0.55, 1: 0.0, 2: -0.72, 3: 0.5}[view] * (1 + 0.12 * cycle)
    if kind == "rug":
        yaw = {0: 0.35, 1: 0.0, 2: -0.5, 3: 0.3}[view]
    if kind == "lamp":
        yaw *= 0.5
    seed = f"{primary.name}|{secondary.name}"
    prims = _prims(dsn, primary, secondary, yaw, seed=seed)
    pts = _points(prims)
    backdrop = _studio(pts, cycle)
    dof = None
    if view == 3:
        focus = rot_matrix(0, yaw, 0) @ np.asarray(dsn.focus)
        fov = 24.0
        w, h = size
        hfov = 2 * math.atan(math.tan(math.radians(fov) / 2) * w / h)
        dist = dsn.focus_span / 2 / math.tan(hfov / 2)
        p = math.radians(45 if kind == "rug" else pitch + 4)
        eye = focus + dist * np.array([0.0, math.sin(p), math.cos(p)])
        # Close-ups are mostly soft focus: render at DETAIL_SCALE and upscale (LANCZOS).
        inner = (max(16, round(w * DETAIL_SCALE)), max(16, round(h * DETAIL_SCALE)))
        cam = Camera.look(eye, focus, inner, fov)
        dof = DepthOfField(focus=dist, strength=1.0)
        img = render(prims, cam, backdrop, dof)
        return img if inner == size else img.resize(size, Image.Resampling.LANCZOS)
    else:
        if view == 1:
            p = {"rug": 82, "bed": 14, "dining_table": 12, "lamp": 1}.get(kind, pitch - 4)
        elif view == 2:
            p = {"rug": 30, "lamp": 24}.get(kind, pitch + 6)
        else:
            p = pitch
        p += 2 * cycle
        fw = fill_w * (0.82 if view == 1 and kind == "rug" else 1)
        cam = _frame(pts, size, p, fw, fill_h, centre_y=0.5 if kind == "rug" else 0.54)
    return render(prims, cam, backdrop, dof)


def render_product_image(
    kind: str,
    *,
    palette,
    material=None,
    variant: int = 0,
    size=(1600, 1200),
    design: str | int | None = None,
    width_cm: float | None = None,
    depth_cm: float | None = None,
    height_cm: float | None = None,
    fmt: str = "png",
) -> bytes:
    """A studio shot of ``kind`` as PNG (or ``fmt="webp"``/``"jpeg"``) bytes.

    kind: one of ``KINDS``; design: one of ``designs.DESIGNS[kind]`` (name or index,
    default the first); palette/material: finish names or (r, g, b) tuples (see module doc);
    variant: 0 three-quarter, 1 front, 2 reverse three-quarter, 3 detail close-up (then
    cycles with slight changes of angle and backdrop). Deterministic for equal inputs.
    """
    img = product_image(
        kind,
        palette=palette,
        material=material,
        variant=variant,
        size=size,
        design=design,
        width_cm=width_cm,
        depth_cm=depth_cm,
        height_cm=height_cm,
    )
    return _encode(img, fmt)


# --------------------------------------------------------------------------- rooms


def _room_pieces(theme: str, scheme, variant: int):
    """(design, primary, secondary, yaw, offset) tuples for a room composition."""
    up = get_finish(scheme.upholstery, "velvet")
    accent = get_finish(scheme.accent, "linen")
    wood = get_finish(scheme.wood, "wood")
    metal = get_finish(scheme.metal, "metal")
    stone = get_finish(scheme.stone, "marble")
    rug_f = get_finish(scheme.rug[0], "wool")
    rug_m = get_finish(scheme.rug[1], "wool")
    oak = get_finish("natural oak")
    alt = variant % 2
    pieces = []
    if theme == "living":
        sofa = dz.build_design("sofa", ("modular", "track")[alt], (2.5, 0.76, 1.02))
        pieces.append(
            (
                dz.build_design("rug", ("abstract", "border")[alt], (3.3, 0.015, 2.3)),
                rug_f,
                rug_m,
                0.0,
                (0.05, 0, 0.25),
            )
        )
        pieces.append((sofa, up, wood, 0.0, (-0.25, 0, -0.55)))
        pieces.append(
            (
                dz.build_design("armchair", ("tub", "lounge")[alt]),
                accent,
                wood,
                -0.85,
                (1.75, 0, 0.6),
            )
        )
        pieces.append(
            (
                dz.build_design("dining_table", "pedestal", (0.95, 0.36, 0.95)),
                stone,
                stone,
                0.0,
                (-0.1, 0, 0.62),
            )
        )
        pieces.append(
            (
                dz.build_design("lamp", "floor", (0.46, 1.66, 0.46)),
                oak if alt else get_finish("oat linen"),
                metal,
                0.0,
                (-1.9, 0, -0.75),
            )
        )
        wall_z, floor = -1.25, scheme.floor
    elif theme == "dining":
        table = dz.build_design("dining_table", ("oval", "legs")[alt], (2.3, 0.75, 1.05))
        chair = dz.build_design("chair", ("upholstered", "bentwood")[alt])
        top = stone if alt == 0 else wood
        pieces.append((table, top, stone if alt == 0 else wood, 0.0, (0, 0, 0)))
        for x in (-0.55, 0.55):
            pieces.append((chair, up, wood, 0.0, (x, 0, -0.72)))
        pieces.append((chair, up, wood, math.pi / 2, (-1.5, 0, 0.0)))
        pieces.append((chair, up, wood, -math.pi / 2, (1.5, 0, 0.0)))
        board = dz.build_design("sideboard", ("fluted", "drawers")[alt], (2.0, 0.78, 0.46))
        pieces.append((board, wood, metal if alt == 0 else stone, 0.0, (0.2, 0, -1.95)))
        lamp = dz.build_design("lamp", "table", (0.42, 0.62, 0.42))
        pieces.append(
            (lamp, get_finish("oat linen"), get_finish("oyster ceramic"), 0.0, (-0.45, 0.78, -1.98))
        )
        wall_z, floor = -2.22, scheme.floor
    else:  # bedroom
        bed = dz.build_design("bed", ("upholstered", "platform")[alt])
        pieces.append(
            (dz.build_design("rug", "border", (3.2, 0.015, 2.5)), rug_f, rug_m, 0.0, (0, 0, 0.45))
        )
        pieces.append((bed, up, wood, 0.0, (0, 0, -0.1)))
        stand = dz.build_design("sideboard", "drawers", (0.56, 0.56, 0.44))
        lamp = dz.build_design(
            "lamp", ("table", "globe")[alt], (0.38, 0.6, 0.38) if alt == 0 else (0.26, 0.48, 0.26)
        )
        ceramic = get_finish("oyster ceramic" if alt == 0 else "travertine")
        for sx in (-1, 1):
            x = sx * (bed.dims[0] / 2 + 0.4)
            pieces.append((stand, wood, metal, 0.0, (x, 0, -1.0)))
            pieces.append(
                (
                    lamp,
                    get_finish("oat linen") if alt == 0 else ceramic,
                    ceramic if alt == 0 else metal,
                    0.0,
                    (x, 0.56, -1.02),
                )
            )
        wall_z, floor = -1.3, scheme.floor
    return pieces, wall_z, floor


def _wall_decor(theme: str, scheme, wall_z: float, variant: int) -> list[Prim]:
    """A framed abstract canvas (living, bedroom) or a round brass mirror (dining)."""
    wood = get_finish(scheme.wood, "wood")
    metal = get_finish(scheme.metal, "metal")
    out = []
    if theme == "dining":
        rot = (math.pi / 2, 0.0, 0.0)
        frame = dz.Part(
            "cyl", (0.2, 1.62, wall_z + 0.02), (0.9, 0.035, 0.9), "metal", radius=0.01, rot=rot
        )
        glass = dz.Part("cyl", (0.2, 1.62, wall_z + 0.024), (0.82, 0.035, 0.82), "metal", rot=rot)
        out.append(place(frame, metal, seed=1))
        out.append(place(glass, get_finish("polished nickel"), seed=2))
    else:
        w, h = (1.15, 0.8) if theme == "living" else (0.9, 0.62)
        cx, cy = (-0.25, 1.62) if theme == "living" else (0.0, 1.5)
        if theme == "bedroom" and variant % 2 == 0:
            return []  # the tall channelled headboard is the feature there
        z = wall_z + 0.02
        frame = dz.box(
            cx - w / 2 - 0.03,
            cx + w / 2 + 0.03,
            cy - h / 2 - 0.03,
            cy + h / 2 + 0.03,
            z - 0.015,
            z + 0.015,
            "secondary",
            radius=0.006,
        )
        canvas = dz.box(
            cx - w / 2,
            cx + w / 2,
            cy - h / 2,
            cy + h / 2,
            z,
            z + 0.02,
            "primary",
            radius=0.002,
            decal="abstract",
        )
        field = get_finish("ivory linen")
        motif = get_finish(scheme.upholstery, "velvet")
        out.append(place(frame, wood, seed=3))
        out.append(place(canvas, field, seed=4, motif=motif.base))
    for p in out:
        p.cast_shadow = False
    return out


def room_image(theme: str, palette, size=(2400, 1000), variant: int = 0) -> Image.Image:
    theme = str(theme).strip().lower()
    if theme not in THEMES:
        raise ValueError(f"Unknown theme {theme!r}; expected one of: {', '.join(THEMES)}.")
    size = _check_size(size)
    scheme = get_scheme(palette)
    pieces, wall_z, floor = _room_pieces(theme, scheme, variant)
    prims: list[Prim] = []
    for i, (dsn, primary, secondary, yaw, offset) in enumerate(pieces):
        prims += _prims(dsn, primary, secondary, yaw, offset, seed=f"{scheme.name}|{i}")
    prims += _wall_decor(theme, scheme, wall_z, variant)
    pts = _points([p for p in prims if p.part.decal is None or p.part.size[2] < 0.1])
    pitch = {"living": 14, "dining": 17, "bedroom": 16}[theme]
    cam = _frame(pts, size, pitch, 0.84, 0.74, fov=26.0, centre_y=0.58)
    wall = scheme.wall
    floor_rgb = {"oak": (196, 174, 146), "dark oak": (120, 100, 84), "stone": (212, 204, 190)}[
        floor
    ]
    backdrop = Backdrop(
        wall=wall,
        floor=floor_rgb,
        wall_z=wall_z,
        room=True,
        floor_kind=floor,
        skirting=True,
        vignette=0.28,
        glow_at=(-1.0, 1.6),
    )
    return render(prims, cam, backdrop)


def render_collection_hero(
    theme: str, palette, size=(2400, 1000), *, variant: int = 0, fmt: str = "png"
) -> bytes:
    """A room-like composition for a collection banner.

    theme: "living" (sofa, armchair, coffee table, floor lamp, rug), "dining" (table, chairs,
    sideboard, lamp) or "bedroom" (bed, nightstands, lamps, rug). palette: a scheme name from
    ``palettes.SCHEMES`` (e.g. "sage & brass"), or a finish name / (r, g, b) tuple for the
    upholstery. variant 0/1 swap the designs used.
    """
    return _encode(room_image(theme, palette, size, variant), fmt)


def render_lifestyle(
    kind: str,
    *,
    palette,
    material=None,
    scheme="ivory & walnut",
    size=(1600, 1200),
    design: str | int | None = None,
    fmt: str = "png",
) -> bytes:
    """The piece in a furnished corner (wall, oak floor, a rug and a lamp beside it)."""
    dz.check_kind(kind)
    size = _check_size(size)
    sch = get_scheme(scheme)
    primary, secondary = _resolve(kind, palette, material)
    dsn = dz.build_design(kind, design)
    W, H, D = dsn.dims
    prims = _prims(dsn, primary, secondary, 0.35, (0, 0, 0), seed="life")
    extra: list[Prim] = []
    if kind not in {"rug", "lamp"}:
        rug = dz.build_design("rug", "border", (W + 1.0, 0.015, D + 1.0))
        extra += _prims(
            rug,
            get_finish(sch.rug[0], "wool"),
            get_finish(sch.rug[1], "wool"),
            0.35,
            (0, 0, 0.2),
            seed="life-rug",
        )
    if kind != "lamp":
        lamp = dz.build_design("lamp", "floor", (0.44, max(1.5, H + 0.8), 0.44))
        extra += _prims(
            lamp,
            get_finish("oat linen"),
            get_finish(sch.metal, "metal"),
            0.0,
            (-W / 2 - 0.55, 0, -D / 2 - 0.1),
            seed="life-lamp",
        )
    else:
        table = dz.build_design("sideboard", "drawers", (0.6, 0.58, 0.44))
        extra += _prims(
            table,
            get_finish(sch.wood, "wood"),
            get_finish(sch.metal, "metal"),
            0.0,
            (0, 0, 0),
            seed="life-table",
        )
        prims = _prims(dsn, primary, secondary, 0.2, (0, 0.58, 0), seed="life")
    pts = _points(prims + [p for p in extra if p.part.decal is None])
    cam = _frame(pts, size, 12, 0.7, 0.7, fov=26.0, centre_y=0.56)
    backdrop = Backdrop(
        wall=get_scheme(sch).wall,
        floor=(186, 154, 118),
        wall_z=float(pts[:, 2].min()) - 0.35,
        room=True,
        floor_kind="oak",
        skirting=True,
        vignette=0.25,
        glow_at=(-1.0, 1.6),
    )
    return _encode(render(prims + extra, cam, backdrop), fmt)
