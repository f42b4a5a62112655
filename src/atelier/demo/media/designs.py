"""Parametric furniture: each design is a list of simple solids in metres.

The same part lists drive the 2D studio renders (``imagery``) and the GLB models
(``models3d``), so a product's photo and its 3D model always agree.

World axes: x to the right, y up, z towards the viewer; the piece stands on y = 0, centred
on x = z = 0, its front facing +z. Sizes are full extents (width, height, depth).

Slots say which finish a part takes: ``primary`` (upholstery, tabletop, carcass, shade,
rug field), ``secondary`` (legs, frame, base), ``metal`` (handles, stems: the secondary
finish when it is a metal, brushed brass otherwise), ``linen`` / ``linen2`` (bedding),
``accent`` (throw, scatter cushion: a deeper tone of the primary), ``glass`` (opal glass),
``top`` (a sideboard's top slab: the secondary finish when it is a stone, else the primary)
and ``dark`` (shadow gaps, recessed plinths).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

KINDS = ("sofa", "armchair", "dining_table", "chair", "bed", "sideboard", "lamp", "rug")


@dataclass(frozen=True)
class Part:
    shape: str  # "box" | "cyl" | "ellipsoid"
    center: tuple[float, float, float]
    size: tuple[float, float, float]  # full extents; for "cyl" the bottom diameter
    slot: str = "primary"
    radius: float | tuple[float, float, float] = 0.0  # edge rounding (box, cyl)
    crown: float = 0.0  # how much the faces bulge (cushions)
    rot: tuple[float, float, float] = (0.0, 0.0, 0.0)  # about x, y, z (radians), R = Ry Rx Rz
    taper: float = 1.0  # cyl: top radius / bottom radius
    flutes: tuple[float, float] | None = None  # (pitch m, strength): vertical grooves
    channels: tuple[float, float] | None = None  # (pitch m, strength): padded channels
    open: bool = False  # cyl without caps (lamp shades)
    glow: float = 0.0  # emissive (lit shades, glass)
    decal: str | None = None  # rug pattern on the top face


@dataclass
class Design:
    kind: str
    name: str
    dims: tuple[float, float, float]  # width, height, depth (m)
    parts: list[Part] = field(default_factory=list)
    focus: tuple[float, float, float] = (0.0, 0.4, 0.0)  # detail shot target
    focus_span: float = 0.6  # width of the detail shot, m


def box(x0, x1, y0, y1, z0, z1, slot="primary", **kw) -> Part:
    return Part(
        "box",
        ((x0 + x1) / 2, (y0 + y1) / 2, (z0 + z1) / 2),
        (abs(x1 - x0), abs(y1 - y0), abs(z1 - z0)),
        slot,
        **kw,
    )


def cyl(x, z, y0, y1, r, slot="secondary", top=None, **kw) -> Part:
    """A vertical cylinder (or frustum when ``top`` differs) from y0 to y1."""
    taper = 1.0 if top is None else top / r
    return Part("cyl", (x, (y0 + y1) / 2, z), (2 * r, y1 - y0, 2 * r), slot, taper=taper, **kw)


def ell(x, y, z, rx, ry, rz, slot="primary", **kw) -> Part:
    return Part("ellipsoid", (x, y, z), (2 * rx, 2 * ry, 2 * rz), slot, **kw)


def leg(x, z, y0, y1, r_top, r_bottom, splay=0.0, slot="secondary", **kw) -> Part:
    """A tapered round leg; ``splay`` tilts the foot outwards (radians)."""
    sx = 1 if x > 0 else -1
    sz = 1 if z > 0 else -1
    rot = (-splay * sz, 0.0, splay * sx)
    return Part(
        "cyl",
        (x, (y0 + y1) / 2, z),
        (2 * r_bottom, y1 - y0, 2 * r_bottom),
        slot,
        taper=r_top / r_bottom,
        rot=rot,
        **kw,
    )


def hbar(x0, x1, y, z, r, slot="metal") -> Part:
    """A horizontal round bar along x."""
    return Part(
        "cyl", ((x0 + x1) / 2, y, z), (2 * r, abs(x1 - x0), 2 * r), slot, rot=(0, 0, math.pi / 2)
    )


def _split(x0: float, x1: float, n: int, gap: float) -> list[tuple[float, float]]:
    step = (x1 - x0) / n
    return [(x0 + i * step + gap / 2, x0 + (i + 1) * step - gap / 2) for i in range(n)]


# --------------------------------------------------------------------------- seating


def _sofa(name: str, W: float, H: float, D: float) -> Design:
    d = Design("sofa", name, (W, H, D))
    P = d.parts
    if name == "modular":
        # Low, deep and plump: a recessed plinth, wide rounded arms, bolster backs.
        P.append(box(-W / 2 + 0.07, W / 2 - 0.07, 0, 0.07, -D / 2 + 0.07, D / 2 - 0.07, "dark"))
        arm = 0.25
        P.append(box(-W / 2, W / 2, 0.06, 0.30, -D / 2, D / 2, radius=0.08, crown=0.15))
        for sx in (-1, 1):
            x_out = sx * W / 2
            x_in = sx * (W / 2 - arm)
            P.append(
                box(
                    min(x_out, x_in),
                    max(x_out, x_in),
                    0.06,
                    H * 0.76,
                    -D / 2,
                    D / 2,
                    radius=0.11,
                    crown=0.35,
                )
            )
        inner = (-W / 2 + arm + 0.005, W / 2 - arm - 0.005)
        n = 2 if W < 2.9 else 3
        for x0, x1 in _split(*inner, n, 0.01):
            P.append(box(x0, x1, 0.29, 0.45, -D / 2 + 0.30, D / 2 + 0.01, radius=0.09, crown=0.35))
            P.append(
                box(
                    x0,
                    x1,
                    0.29,
                    H,
                    -D / 2 + 0.02,
                    -D / 2 + 0.33,
                    radius=0.13,
                    crown=0.5,
                    rot=(-0.12, 0, 0),
                )
            )
        d.focus, d.focus_span = (-W / 2 + 0.2, 0.32, D / 2 - 0.15), 0.8
        return d

    tux = name == "tuxedo"
    leg_h = 0.16 if tux else 0.13
    arm = 0.15 if tux else 0.17
    arm_h = H if tux else H * 0.78
    inset = 0.05 if tux else 0.08
    for sx in (-1, 1):
        for sz in (-1, 1):
            x, z = sx * (W / 2 - inset), sz * (D / 2 - inset)
            if tux:
                P.append(cyl(x, z, 0, leg_h + 0.01, 0.011, "metal", top=0.013))
            else:
                P.append(leg(x, z, 0, leg_h + 0.01, 0.022, 0.014, splay=0.07, radius=0.003))
    for sx in (-1, 1):
        xs = sorted((sx * W / 2, sx * (W / 2 - arm)))
        P.append(
            box(*xs, leg_h, arm_h, -D / 2, D / 2, radius=0.05 if not tux else 0.035, crown=0.15)
        )
    P.append(
        box(
            -W / 2 + arm - 0.02,
            W / 2 - arm + 0.02,
            leg_h,
            leg_h + 0.16,
            -D / 2 + 0.02,
            D / 2,
            radius=0.035,
            crown=0.1,
        )
    )
    seat_y = (leg_h + 0.15, leg_h + 0.33)
    inner = (-W / 2 + arm + 0.004, W / 2 - arm - 0.004)
    if tux:
        P.append(
            box(
                -W / 2 + 0.01,
                W / 2 - 0.01,
                leg_h,
                H,
                -D / 2,
                -D / 2 + 0.17,
                radius=0.035,
                channels=(0.2, 0.55),
            )
        )
        P.append(box(*inner, *seat_y, -D / 2 + 0.16, D / 2 + 0.01, radius=0.05, crown=0.2))
        for x0, x1, a in (
            (inner[0] + 0.1, inner[0] + 0.6, 0.05),
            (inner[1] - 0.6, inner[1] - 0.1, -0.05),
        ):
            P.append(
                box(
                    x0,
                    x1,
                    seat_y[1] - 0.02,
                    seat_y[1] + 0.42,
                    -D / 2 + 0.17,
                    -D / 2 + 0.32,
                    "accent",
                    radius=0.08,
                    crown=0.7,
                    rot=(-0.2, a, 0),
                )
            )
    else:
        n = 3 if W >= 1.9 else (2 if W >= 1.3 else 1)
        P.append(
            box(-W / 2 + 0.01, W / 2 - 0.01, leg_h, H - 0.14, -D / 2, -D / 2 + 0.16, radius=0.04)
        )
        for x0, x1 in _split(*inner, n, 0.008):
            P.append(box(x0, x1, *seat_y, -D / 2 + 0.30, D / 2 + 0.015, radius=0.055, crown=0.3))
            P.append(
                box(
                    x0,
                    x1,
                    seat_y[1] - 0.06,
                    H,
                    -D / 2 + 0.07,
                    -D / 2 + 0.29,
                    radius=0.075,
                    crown=0.45,
                    rot=(-0.17, 0, 0),
                )
            )
    d.focus, d.focus_span = (-W / 2 + 0.2, 0.32, D / 2 - 0.1), 0.75
    return d


def _armchair(name: str, W: float, H: float, D: float) -> Design:
    if name == "club":
        d = _sofa("track", W, H, D)
        d.kind, d.name = "armchair", "club"
        d.focus_span = 0.6
        return d
    d = Design("armchair", name, (W, H, D))
    P = d.parts
    if name == "tub":
        # A channel-tufted barrel: the back is a ring of padded channels.
        R = min(W, D) / 2 - 0.07
        n = 11
        span = math.radians(118)
        seg_w = 2 * R * math.sin(span / n) * 1.08
        for i in range(n):
            a = -span + (i + 0.5) * 2 * span / n
            f = abs(a) / span
            top = H - (H - 0.58) * f**1.6
            cx, cz = R * math.sin(a), -R * math.cos(a) + 0.03
            P.append(
                Part(
                    "box",
                    (cx, (0.1 + top) / 2, cz),
                    (seg_w, top - 0.1, 0.15),
                    "primary",
                    radius=0.06,
                    crown=0.4,
                    rot=(0, -a, 0),
                )
            )
        P.append(cyl(0, 0.03, 0, 0.08, R, "secondary", radius=0.01))
        P.append(cyl(0, 0.03, 0.075, 0.33, R + 0.05, "primary", radius=0.07, crown=0.1))
        P.append(cyl(0, 0.06, 0.3, 0.44, R - 0.03, "primary", radius=0.065, crown=0.25))
        d.focus, d.focus_span = (-R * 0.6, 0.4, 0.2), 0.55
        return d
    # "lounge": a mid-century wooden frame with floating cushions.
    wood = 0.028
    zf, zb = D / 2 - 0.07, -D / 2 + 0.1
    arm_y = 0.58
    for sx in (-1, 1):
        x = sx * (W / 2 - 0.045)
        P.append(leg(x, zf, 0, arm_y, 0.019, 0.014, splay=0.05))
        P.append(leg(x, zb, 0, arm_y - 0.02, 0.019, 0.014, splay=0.08))
        P.append(
            box(
                x - 0.035,
                x + 0.035,
                arm_y - 0.01,
                arm_y + wood,
                zb - 0.05,
                zf + 0.05,
                "secondary",
                radius=0.012,
            )
        )
        P.append(box(x - 0.016, x + 0.016, 0.27, 0.32, zb, zf, "secondary", radius=0.006))
    inner = (-W / 2 + 0.09, W / 2 - 0.09)
    P.append(box(*inner, 0.3, 0.34, zb, zf, "secondary", radius=0.006))
    P.append(
        box(
            inner[0] + 0.01,
            inner[1] - 0.01,
            0.34,
            0.47,
            zb + 0.06,
            D / 2 + 0.01,
            radius=0.05,
            crown=0.3,
        )
    )
    P.append(
        box(
            inner[0] + 0.02,
            inner[1] - 0.02,
            0.44,
            H,
            -D / 2 + 0.02,
            -D / 2 + 0.17,
            radius=0.06,
            crown=0.4,
            rot=(-0.28, 0, 0),
        )
    )
    for sx in (-1, 1):
        x = sx * (W / 2 - 0.1)
        P.append(
            box(
                x - 0.015,
                x + 0.015,
                0.3,
                H - 0.06,
                -D / 2 + 0.03,
                -D / 2 + 0.07,
                "secondary",
                radius=0.008,
                rot=(-0.3, 0, 0),
            )
        )
    d.focus, d.focus_span = (-W / 2 + 0.1, 0.5, D / 2 - 0.1), 0.55
    return d


def _chair(name: str, W: float, H: float, D: float) -> Design:
    d = Design("chair", name, (W, H, D))
    P = d.parts
    seat = 0.47
    zf, zb = D / 2 - 0.04, -D / 2 + 0.05
    if name == "upholstered":
        for sx in (-1, 1):
            x = sx * (W / 2 - 0.045)
            P.append(leg(x, zf, 0, seat - 0.07, 0.02, 0.014, splay=0.03))
            P.append(leg(x, zb, 0, seat - 0.07, 0.02, 0.014, splay=0.09))
        P.append(
            box(
                -W / 2 + 0.03,
                W / 2 - 0.03,
                seat - 0.1,
                seat - 0.06,
                -D / 2 + 0.04,
                D / 2 - 0.03,
                "secondary",
                radius=0.008,
            )
        )
        P.append(
            box(
                -W / 2 + 0.01,
                W / 2 - 0.01,
                seat - 0.075,
                seat,
                -D / 2 + 0.04,
                D / 2,
                radius=0.03,
                crown=0.25,
            )
        )
        P.append(
            box(
                -W / 2 + 0.025,
                W / 2 - 0.025,
                seat - 0.06,
                H,
                -D / 2,
                -D / 2 + 0.075,
                radius=0.035,
                crown=0.3,
                rot=(-0.11, 0, 0),
            )
        )
        d.focus, d.focus_span = (-W / 2 + 0.05, 0.36, D / 2 - 0.05), 0.42
        return d
    # "bentwood": solid wood frame, padded seat, curved top rail on raked rear legs.
    rake = 0.07
    post_h = H - 0.04
    z_top = zb - 0.025 - math.sin(rake) * post_h / 2  # where the rear posts end
    for sx in (-1, 1):
        x = sx * (W / 2 - 0.04)
        P.append(leg(x, zf, 0, seat - 0.04, 0.018, 0.013, splay=0.04))
        P.append(
            Part(
                "cyl",
                (x, post_h / 2, zb - 0.025),
                (0.026, post_h, 0.026),
                "secondary",
                taper=1.2,
                rot=(-rake, 0, 0),
            )
        )
    P.append(
        box(
            -W / 2 + 0.025,
            W / 2 - 0.025,
            seat - 0.07,
            seat - 0.025,
            -D / 2 + 0.03,
            D / 2 - 0.02,
            "secondary",
            radius=0.01,
        )
    )
    P.append(
        box(
            -W / 2 + 0.03,
            W / 2 - 0.03,
            seat - 0.035,
            seat,
            -D / 2 + 0.05,
            D / 2 - 0.005,
            radius=0.018,
            crown=0.3,
        )
    )
    # Curved top rail: short overlapping segments along a gentle arc bowing backwards.
    R = 0.62
    n = 9
    half = math.asin((W / 2 - 0.03) / R)
    bow = R - R * math.cos(half)
    for i in range(n):
        a = -half + (i + 0.5) * 2 * half / n
        cx = R * math.sin(a)
        cz = z_top - (R * math.cos(a) - R * math.cos(half))
        P.append(
            Part(
                "box",
                (cx, H - 0.04, cz),
                (2 * R * math.sin(half / n) * 1.35, 0.075, 0.022),
                "secondary",
                radius=0.004,
                rot=(0, -a, 0),
            )
        )
    # Splat from the back of the seat up to the middle of the rail.
    y0, y1 = seat - 0.03, H - 0.05
    z0, z1 = zb - 0.01, z_top - bow - 0.002
    tilt = math.atan2(z1 - z0, y1 - y0)
    P.append(
        Part(
            "box",
            (0, (y0 + y1) / 2, (z0 + z1) / 2),
            (0.1, math.hypot(y1 - y0, z1 - z0), 0.016),
            "secondary",
            radius=0.006,
            rot=(tilt, 0, 0),
        )
    )
    d.focus, d.focus_span = (-W / 2 + 0.06, 0.42, D / 2 - 0.04), 0.42
    return d


# --------------------------------------------------------------------------- tables


def _dining_table(name: str, W: float, H: float, D: float) -> Design:
    d = Design("dining_table", name, (W, H, D))
    P = d.parts
    top_t = 0.045 if name == "slab" else 0.035
    y_top = H - top_t
    if name == "pedestal":
        R = min(W, D) / 2
        P.append(cyl(0, 0, y_top, H, R, "primary", radius=0.01))
        P.append(cyl(0, 0, 0, 0.045, min(0.34, R * 0.5), radius=0.012))
        P.append(cyl(0, 0, 0.04, H * 0.5, R * 0.3, top=R * 0.17, flutes=(0.04, 0.5)))
        P.append(cyl(0, 0, H * 0.5, y_top + 0.002, R * 0.17, top=R * 0.3, flutes=(0.04, 0.5)))
        d.focus, d.focus_span = (0, H * 0.45, 0), 0.9
        return d
    if name == "oval":
        R = D / 2
        c = W / 2 - R
        P.append(box(-c, c, y_top, H, -R, R, radius=(0.0, 0.01, 0.01)))
        for sx in (-1, 1):
            P.append(cyl(sx * c, 0, y_top, H, R, "primary", radius=0.01))
            x = sx * c * 0.75
            P.append(cyl(x, 0, 0, 0.04, 0.24, radius=0.01))
            P.append(cyl(x, 0, 0.035, y_top + 0.002, 0.15, top=0.11, flutes=(0.035, 0.5)))
        d.focus, d.focus_span = (-c * 0.75, H * 0.55, 0.1), 0.8
        return d
    P.append(box(-W / 2, W / 2, y_top, H, -D / 2, D / 2, radius=0.008))
    if name == "slab":
        for sx in (-1, 1):
            x = sx * (W / 2 - 0.42)
            P.append(
                box(x - 0.05, x + 0.05, 0, y_top + 0.001, -D / 2 + 0.16, D / 2 - 0.16, radius=0.012)
            )
        d.focus, d.focus_span = (-W / 2 + 0.42, H * 0.6, D / 2 - 0.2), 0.7
        return d
    # "legs": slim apron, four tapered legs.
    inset = 0.09
    P.append(
        box(
            -W / 2 + inset,
            W / 2 - inset,
            y_top - 0.075,
            y_top,
            -D / 2 + inset,
            D / 2 - inset,
            radius=0.004,
        )
    )
    for sx in (-1, 1):
        for sz in (-1, 1):
            P.append(
                leg(
                    sx * (W / 2 - inset - 0.02),
                    sz * (D / 2 - inset - 0.02),
                    0,
                    y_top,
                    0.032,
                    0.021,
                    splay=0.02,
                    radius=0.003,
                )
            )
    d.focus, d.focus_span = (-W / 2 + 0.15, H * 0.7, D / 2 - 0.1), 0.6
    return d


# --------------------------------------------------------------------------- beds


def _bed(name: str, W: float, H: float, D: float) -> Design:
    d = Design("bed", name, (W, H, D))
    P = d.parts
    wood = name == "platform"
    hb_t = 0.09 if wood else 0.13
    zh = -D / 2 + hb_t
    if wood:
        P.append(box(-W / 2 + 0.1, W / 2 - 0.1, 0, 0.09, zh + 0.1, D / 2 - 0.1, "dark"))
        P.append(box(-W / 2, W / 2, 0.08, 0.28, zh, D / 2, "secondary", radius=0.012))
        P.append(
            box(-W / 2, W / 2, 0.0, H, -D / 2, zh, "secondary", radius=0.012, flutes=(0.055, 0.55))
        )
        P.append(
            box(
                -W / 2 + 0.12,
                W / 2 - 0.12,
                0.62,
                0.86,
                zh,
                zh + 0.06,
                "primary",
                radius=0.03,
                crown=0.3,
            )
        )
        mat_y = (0.28, 0.5)
    else:
        for sx in (-1, 1):
            for sz in (-1, 1):
                P.append(
                    cyl(
                        sx * (W / 2 - 0.12),
                        sz * (D / 2 - 0.15) + (0.05 if sz < 0 else 0),
                        0,
                        0.07,
                        0.03,
                        top=0.035,
                    )
                )
        P.append(box(-W / 2, W / 2, 0.06, 0.34, zh - 0.01, D / 2, radius=0.05, crown=0.12))
        P.append(
            box(
                -W / 2 - 0.02,
                W / 2 + 0.02,
                0.06,
                H,
                -D / 2,
                zh,
                radius=0.06,
                crown=0.15,
                channels=(0.2, 0.6),
            )
        )
        mat_y = (0.33, 0.56)
    mw = W / 2 - (0.08 if not wood else 0.06)
    P.append(box(-mw, mw, *mat_y, zh + 0.01, D / 2 - 0.05, "linen", radius=0.06, crown=0.1))
    dy = mat_y[1]
    P.append(
        box(
            -mw - 0.03,
            mw + 0.03,
            dy - 0.18,
            dy + 0.06,
            zh + 0.62,
            D / 2 - 0.02,
            "linen",
            radius=0.07,
            crown=0.2,
        )
    )
    P.append(
        box(
            -mw - 0.03,
            mw + 0.03,
            dy - 0.02,
            dy + 0.1,
            zh + 0.5,
            zh + 0.76,
            "linen",
            radius=0.055,
            crown=0.4,
        )
    )
    for sx in (-1, 1):
        P.append(
            box(
                sx * 0.43 - 0.39,
                sx * 0.43 + 0.39,
                dy - 0.04,
                dy + 0.5,
                zh + 0.03,
                zh + 0.22,
                "linen2",
                radius=0.09,
                crown=0.7,
                rot=(-0.25, 0, 0),
            )
        )
        P.append(
            box(
                sx * 0.4 - 0.35,
                sx * 0.4 + 0.35,
                dy - 0.02,
                dy + 0.34,
                zh + 0.2,
                zh + 0.36,
                "linen",
                radius=0.085,
                crown=0.7,
                rot=(-0.32, 0, 0),
            )
        )
    P.append(
        box(
            -0.3,
            0.3,
            dy,
            dy + 0.28,
            zh + 0.36,
            zh + 0.5,
            "accent",
            radius=0.07,
            crown=0.7,
            rot=(-0.35, 0, 0),
        )
    )
    P.append(
        box(
            -mw - 0.045,
            mw + 0.045,
            dy - 0.2,
            dy + 0.075,
            D / 2 - 0.75,
            D / 2 - 0.38,
            "accent",
            radius=0.03,
            crown=0.15,
        )
    )
    d.focus, d.focus_span = (-W / 2 + 0.45, 0.75, -D / 2 + 0.35), 0.95
    return d


# --------------------------------------------------------------------------- storage


def _sideboard(name: str, W: float, H: float, D: float) -> Design:
    d = Design("sideboard", name, (W, H, D))
    P = d.parts
    front = D / 2
    if name == "cabinet":
        stand = 0.3
        for sx in (-1, 1):
            for sz in (-1, 1):
                P.append(cyl(sx * (W / 2 - 0.03), sz * (D / 2 - 0.03), 0, stand, 0.012, "metal"))
        P.append(box(-W / 2, W / 2, stand - 0.025, stand, -D / 2, D / 2, "metal", radius=0.006))
        P.append(box(-W / 2 + 0.005, W / 2 - 0.005, stand, H, -D / 2, front - 0.02, radius=0.01))
        for x0, x1 in _split(-W / 2 + 0.02, W / 2 - 0.02, 2, 0.006):
            P.append(
                box(
                    x0,
                    x1,
                    stand + 0.02,
                    H - 0.02,
                    front - 0.022,
                    front,
                    radius=0.004,
                    flutes=(0.03, 0.6),
                )
            )
        for sx in (-1, 1):
            P.append(cyl(sx * 0.03, front + 0.015, H * 0.58, H * 0.58 + 0.16, 0.007, "metal"))
        d.focus, d.focus_span = (0.0, H * 0.62, front), 0.5
        return d
    if name == "drawers":
        P.append(box(-W / 2 + 0.04, W / 2 - 0.04, 0, 0.085, -D / 2 + 0.04, front - 0.05, "dark"))
        P.append(box(-W / 2, W / 2, 0.08, H - 0.03, -D / 2, front - 0.02, radius=0.006))
        P.append(
            box(
                -W / 2 - 0.008,
                W / 2 + 0.008,
                H - 0.03,
                H,
                -D / 2 - 0.008,
                front + 0.008,
                "top",
                radius=0.004,
            )
        )
        y0, y1 = 0.095, H - 0.045
        if W < 1.0:
            cols = [("drawers", -W / 2 + 0.015, W / 2 - 0.015)]
        else:
            third = (W - 0.03) / 3
            cols = [
                ("door", -W / 2 + 0.015, -W / 2 + 0.015 + third),
                ("drawers", -W / 2 + 0.015 + third, W / 2 - 0.015 - third),
                ("door", W / 2 - 0.015 - third, W / 2 - 0.015),
            ]
        for what, x0, x1 in cols:
            x0, x1 = x0 + 0.003, x1 - 0.003
            if what == "door":
                P.append(box(x0, x1, y0, y1, front - 0.022, front, radius=0.004))
                xh = x1 - 0.05 if x0 < 0 else x0 + 0.05
                P.append(
                    cyl(
                        xh,
                        front + 0.012,
                        (y0 + y1) / 2 - 0.07,
                        (y0 + y1) / 2 + 0.07,
                        0.006,
                        "metal",
                    )
                )
            else:
                n = 3 if (y1 - y0) > 0.45 else 2
                for a, b in _split(y0, y1, n, 0.006):
                    P.append(box(x0, x1, a, b, front - 0.022, front, radius=0.004))
                    P.append(
                        hbar(
                            (x0 + x1) / 2 - 0.08,
                            (x0 + x1) / 2 + 0.08,
                            (a + b) / 2,
                            front + 0.012,
                            0.006,
                        )
                    )
        d.focus, d.focus_span = (0.0, H * 0.55, front), 0.6
        return d
    # "fluted": carcass on tapered legs, four fluted doors.
    leg_h = 0.16
    for sx in (-1, 1):
        for sz in (-1, 1):
            P.append(
                leg(
                    sx * (W / 2 - 0.06),
                    sz * (D / 2 - 0.06),
                    0,
                    leg_h + 0.01,
                    0.024,
                    0.016,
                    splay=0.03,
                )
            )
    P.append(box(-W / 2, W / 2, leg_h, H, -D / 2, front - 0.02, radius=0.012))
    n = 4 if W > 1.5 else 2
    for i, (x0, x1) in enumerate(_split(-W / 2 + 0.025, W / 2 - 0.025, n, 0.006)):
        P.append(
            box(
                x0,
                x1,
                leg_h + 0.025,
                H - 0.025,
                front - 0.022,
                front,
                radius=0.005,
                flutes=(0.032, 0.65),
            )
        )
        xh = x1 - 0.03 if i % 2 == 0 else x0 + 0.03
        P.append(ell(xh, leg_h + (H - leg_h) * 0.55, front + 0.008, 0.014, 0.014, 0.01, "metal"))
    d.focus, d.focus_span = (-W / 4, H * 0.55, front), 0.55
    return d


# --------------------------------------------------------------------------- lighting


def _lamp(name: str, W: float, H: float, D: float) -> Design:
    d = Design("lamp", name, (W, H, D))
    P = d.parts
    R = W / 2
    if name == "floor":
        sh = H * 0.2
        P.append(cyl(0, 0, 0, 0.035, 0.16, "secondary", radius=0.01))
        P.append(cyl(0, 0, 0.03, H - sh * 0.9, 0.011, "metal"))
        P.append(cyl(0, 0, H - sh * 0.55, H - sh * 0.45, 0.02, "metal"))
        P.append(cyl(0, 0, H - sh, H, R, "primary", top=R * 0.88, open=True, glow=0.55))
        d.focus, d.focus_span = (0, H - sh * 0.6, 0), 0.65
        return d
    if name == "globe":
        gr = W / 2
        P.append(cyl(0, 0, 0, 0.12, 0.085, "primary", radius=0.015))
        P.append(cyl(0, 0, 0.12, H - 2 * gr + 0.03, 0.012, "metal"))
        P.append(cyl(0, 0, H - 2 * gr + 0.005, H - 2 * gr + 0.04, 0.035, "metal", radius=0.006))
        P.append(ell(0, H - gr, 0, gr, gr, gr, "glass", glow=1.0))
        d.focus, d.focus_span = (0, H - gr * 1.6, 0), 0.45
        return d
    # "table": a ceramic gourd with a drum shade.
    body = min(0.17, H * 0.24)
    sh = H * 0.4
    P.append(cyl(0, 0, 0, 0.018, body * 0.55, "metal", radius=0.004))
    P.append(ell(0, 0.015 + body, 0, body, body * 1.02, body, "secondary"))
    P.append(ell(0, 0.015 + body * 2.05, 0, body * 0.42, body * 0.45, body * 0.42, "secondary"))
    P.append(cyl(0, 0, 0.015 + body * 2.35, H - sh * 0.7, 0.009, "metal"))
    P.append(cyl(0, 0, H - sh, H, R, "primary", top=R * 0.82, open=True, glow=0.55))
    d.focus, d.focus_span = (0, H * 0.55, 0), 0.5
    return d


# --------------------------------------------------------------------------- rugs


def _rug(name: str, W: float, H: float, D: float) -> Design:
    d = Design("rug", name, (W, H, D))
    if name == "round":
        d.parts.append(cyl(0, 0, 0, H, W / 2, "primary", radius=0.004, decal="round"))
    else:
        d.parts.append(box(-W / 2, W / 2, 0, H, -D / 2, D / 2, "primary", radius=0.004, decal=name))
    d.focus, d.focus_span = (-W / 2 + 0.35, 0.0, D / 2 - 0.3), 0.8
    return d


# name -> default (width, height, depth) in metres; the first design is the default one.
DESIGNS: dict[str, dict[str, tuple[float, float, float]]] = {
    "sofa": {"track": (2.2, 0.8, 0.95), "modular": (2.6, 0.72, 1.05), "tuxedo": (2.1, 0.74, 0.9)},
    "armchair": {"club": (0.92, 0.78, 0.9), "lounge": (0.76, 0.86, 0.84), "tub": (0.8, 0.74, 0.78)},
    "dining_table": {
        "legs": (2.2, 0.75, 1.0),
        "pedestal": (1.3, 0.75, 1.3),
        "slab": (2.4, 0.75, 1.0),
        "oval": (2.4, 0.75, 1.1),
    },
    "chair": {"upholstered": (0.5, 0.86, 0.56), "bentwood": (0.5, 0.8, 0.52)},
    "bed": {"upholstered": (1.96, 1.25, 2.2), "platform": (1.9, 1.05, 2.15)},
    "sideboard": {
        "fluted": (2.0, 0.78, 0.48),
        "drawers": (1.8, 0.77, 0.46),
        "cabinet": (1.1, 1.4, 0.45),
    },
    "lamp": {"table": (0.46, 0.7, 0.46), "floor": (0.46, 1.62, 0.46), "globe": (0.3, 0.56, 0.3)},
    "rug": {
        "border": (2.4, 0.015, 1.7),
        "abstract": (2.4, 0.015, 1.7),
        "windowpane": (2.4, 0.015, 1.7),
        "round": (2.0, 0.015, 2.0),
    },
}

_BUILDERS = {
    "sofa": _sofa,
    "armchair": _armchair,
    "dining_table": _dining_table,
    "chair": _chair,
    "bed": _bed,
    "sideboard": _sideboard,
    "lamp": _lamp,
    "rug": _rug,
}


def check_kind(kind: str) -> str:
    if kind not in _BUILDERS:
        raise ValueError(f"Unknown kind {kind!r}; expected one of: {', '.join(KINDS)}.")
    return kind


def design_names(kind: str) -> tuple[str, ...]:
    return tuple(DESIGNS[check_kind(kind)])


def build_design(
    kind: str, design: str | int | None = None, dims: tuple[float, float, float] | None = None
) -> Design:
    """The part list for ``kind`` in ``design`` (a name or an index), at ``dims`` (w, h, d m)."""
    names = design_names(kind)
    if design is None:
        name = names[0]
    elif isinstance(design, int):
        name = names[design % len(names)]
    elif design in names:
        name = design
    else:
        raise ValueError(f"Unknown {kind} design {design!r}; expected one of: {', '.join(names)}.")
    w, h, d = dims or DESIGNS[kind][name]
    if min(w, h, d) <= 0:
        raise ValueError(f"Dimensions must be positive, got {(w, h, d)!r}.")
    return _BUILDERS[kind](name, float(w), float(h), float(d))
