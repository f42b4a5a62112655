"""Procedural, tileable surface textures and rug designs (numpy + Pillow, seeded).

A texture tile is a square float32 array of *values* in [0, 1] that covers ``TILE_METRES``
of surface: 0.5 is the finish's base colour, lower values move towards its shadow colour
(wood grain, marble veins), higher ones towards its highlight. Tiles are colour-free, so one
tile per texture type serves every finish; they are cached after the first use.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
from PIL import Image

# How many metres of surface one tile covers.
TILE_METRES = {
    "boucle": 0.2,
    "linen": 0.2,
    "velvet": 0.8,
    "leather": 0.5,
    "wool": 0.3,
    "wood": 1.2,
    "marble": 1.6,
    "stone": 1.0,
    "metal": 0.3,
    "ceramic": 0.5,
    "lacquer": 1.0,
    "glass": 1.0,
}


def _noise(rng: np.random.Generator, n: int, cx: int, cy: int | None = None) -> np.ndarray:
    """Smooth tileable value noise, roughly in [0, 1], with cx x cy cells over an n x n tile."""
    cy = cx if cy is None else cy
    grid = rng.random((cy, cx), dtype=np.float32)
    pad = 3
    padded = np.pad(grid, pad, mode="wrap")
    sx, sy = n / cx, n / cy
    big = Image.fromarray(padded, "F").resize(
        (round((cx + 2 * pad) * sx), round((cy + 2 * pad) * sy)), Image.Resampling.BICUBIC
    )
    arr = np.asarray(big, dtype=np.float32)
    ox, oy = round(pad * sx), round(pad * sy)
    return arr[oy : oy + n, ox : ox + n]


def _fbm(rng, n, cells, octaves, gain=0.5, aniso=(1, 1)) -> np.ndarray:
    out = np.zeros((n, n), np.float32)
    amp, total = 1.0, 0.0
    for i in range(octaves):
        c = cells * 2**i
        cx = min(n // 2, max(1, c * aniso[0]))
        cy = min(n // 2, max(1, c * aniso[1]))
        out += amp * _noise(rng, n, cx, cy)
        total += amp
        amp *= gain
    return out / total


def _norm(a: np.ndarray) -> np.ndarray:
    lo, hi = np.percentile(a, (1, 99))
    return np.clip((a - lo) / max(hi - lo, 1e-6), 0, 1).astype(np.float32)


def _smooth(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0, 1)
    return t * t * (3 - 2 * t)


@cache
def tile(texture: str) -> np.ndarray:
    """The value tile for a texture type (read-only uint8 array, 128 = base colour)."""
    rng = np.random.default_rng(_seed(texture))
    n = 512
    if texture == "boucle":
        loops = _norm(_noise(rng, n, 96))
        clumps = _norm(_fbm(rng, n, 12, 3))
        v = 0.5 + 0.34 * (loops - 0.5) + 0.14 * (clumps - 0.5)
        v += 0.16 * _smooth(0.78, 0.95, _norm(_noise(rng, n, 128)))
    elif texture == "linen":
        warp = _norm(_noise(rng, n, 4, 128))
        weft = _norm(_noise(rng, n, 128, 6))
        slub = _norm(_noise(rng, n, 2, 48))
        v = 0.5 + 0.09 * (warp - 0.5) + 0.09 * (weft - 0.5) + 0.1 * (slub - 0.5)
    elif texture == "velvet":
        v = 0.5 + 0.12 * (_norm(_fbm(rng, n, 3, 3)) - 0.5) + 0.04 * (_noise(rng, n, 128) - 0.5)
    elif texture == "leather":
        mottle = _norm(_fbm(rng, n, 4, 3))
        grain = _norm(_noise(rng, n, 160))
        v = 0.5 + 0.09 * (mottle - 0.5) + 0.1 * (grain - 0.5)
    elif texture == "wool":
        v = (
            0.5
            + 0.16 * (_norm(_noise(rng, n, 128)) - 0.5)
            + 0.1 * (_norm(_fbm(rng, n, 8, 2)) - 0.5)
        )
    elif texture == "wood":
        n = 1024
        y = (np.arange(n, dtype=np.float32) / n)[:, None]
        warp = _fbm(rng, n, 2, 3, aniso=(1, 3)) - 0.5
        figure = _fbm(rng, n, 3, 2, aniso=(1, 2)) - 0.5
        rings = (y * 64 + warp * 1.6 + figure * 0.5) % 1.0
        late = _smooth(0.6, 0.9, rings) * (1 - _smooth(0.93, 1.0, rings))
        pores = _norm(_noise(rng, n, 6, 384))
        tone = _norm(_fbm(rng, n, 2, 2, aniso=(1, 6)))
        v = 0.57 - 0.13 * late + 0.1 * (pores - 0.5) + 0.16 * (tone - 0.5)
    elif texture == "marble":
        n = 1024
        yy, xx = np.mgrid[0:n, 0:n].astype(np.float32) / n
        turb = _fbm(rng, n, 3, 5, gain=0.55)
        bold = np.abs(np.sin(np.pi * (2 * xx + yy) + 7.5 * turb))
        fine = np.abs(np.sin(np.pi * (3 * xx - 2 * yy) + 11 * _fbm(rng, n, 4, 4)))
        veins = np.maximum(
            0.75 * np.exp(-((bold / 0.05) ** 2)) + 0.22 * np.exp(-((bold / 0.22) ** 2)),
            0.4 * np.exp(-((fine / 0.02) ** 2)),
        )
        cloud = _fbm(rng, n, 4, 3) - 0.5
        v = 0.56 + 0.14 * cloud - 0.56 * veins
    elif texture == "stone":
        bands = _norm(_fbm(rng, n, 2, 3, aniso=(1, 12)))
        pits = _noise(rng, n, 48, 160)
        pores = _smooth(0.12, 0.05, _norm(pits))
        v = 0.5 + 0.2 * (bands - 0.5) - 0.16 * pores + 0.05 * (_noise(rng, n, 128) - 0.5)
    elif texture == "metal":
        v = 0.5 + 0.1 * (_norm(_noise(rng, n, 6, 256)) - 0.5)
    elif texture == "ceramic":
        glaze = _norm(_fbm(rng, n, 3, 3))
        specks = _smooth(0.9, 0.98, _norm(_noise(rng, n, 128)))
        v = 0.5 + 0.14 * (glaze - 0.5) - 0.08 * specks
    else:  # lacquer, glass
        v = 0.5 + 0.02 * (_fbm(rng, n, 2, 2) - 0.5)
    out = (np.clip(v, 0, 1) * 255 + 0.5).astype(np.uint8)
    out.setflags(write=False)
    return out


def _seed(text: str) -> int:
    # Stable across processes (str hash is salted): a small FNV-1a.
    h = 2166136261
    for b in text.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def seed_for(*parts) -> int:
    return _seed("|".join(str(p) for p in parts))


# --------------------------------------------------------------------------- rugs


def _lin(rgb) -> np.ndarray:
    c = np.asarray(rgb, np.float32) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


@lru_cache(maxsize=32)
def rug_decal(design: str, field_rgb, motif_rgb, aspect: float = 1.4) -> np.ndarray:
    """A rug's design as a linear-RGB float32 image (rows = depth, columns = width)."""
    rng = np.random.default_rng(seed_for("rug", design, field_rgb, motif_rgb))
    w = 1024
    h = max(64, round(w / aspect))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    u, v = xx / w, yy / h  # 0..1 across
    field = _lin(field_rgb)
    motif = _lin(motif_rgb)
    mid = field * 0.55 + motif * 0.45
    # Edge distance in metres-ish units (relative to the short side).
    ex = np.minimum(u, 1 - u) * aspect
    ey = np.minimum(v, 1 - v)
    edge = np.minimum(ex, ey)
    img = np.broadcast_to(field, (h, w, 3)).copy()

    def paint(mask, colour):
        img[:] = img * (1 - mask[..., None]) + colour * mask[..., None]

    def band(d0, d1, soft=0.002):
        return _smooth(d0 - soft, d0 + soft, edge) * (1 - _smooth(d1 - soft, d1 + soft, edge))

    if design == "border":
        paint(band(0.05, 0.085), motif)
        paint(band(0.105, 0.112), motif)
        paint(band(0.125, 0.129), mid)
    elif design == "windowpane":
        pitch = 0.16
        gx = np.abs(((u * aspect) / pitch + 0.5) % 1 - 0.5) * pitch
        gy = np.abs((v / pitch + 0.5) % 1 - 0.5) * pitch
        line = np.maximum(_smooth(0.006, 0.003, gx), _smooth(0.006, 0.003, gy))
        paint(line * _smooth(0.07, 0.075, edge), mid)
        paint(band(0.045, 0.06), motif)
    elif design == "abstract":
        n1 = _fbm(rng, 256, 2, 3, gain=0.45)
        n2 = _fbm(rng, 256, 3, 3, gain=0.45)
        big1 = np.asarray(Image.fromarray(n1, "F").resize((w, h), Image.Resampling.BICUBIC))
        big2 = np.asarray(Image.fromarray(n2, "F").resize((w, h), Image.Resampling.BICUBIC))
        t1 = np.quantile(big1, 0.7)
        t2 = np.quantile(big2, 0.78)
        paint(_smooth(t1 - 0.004, t1 + 0.004, big1), mid)
        paint(_smooth(t2 - 0.004, t2 + 0.004, big2), motif)
        outline = np.exp(-(((big1 - t1) / 0.006) ** 2)) * 0.6
        paint(outline, motif)
    elif design == "round":
        r = np.hypot((u - 0.5) * 2, (v - 0.5) * 2)

        def ring(a, b):
            return _smooth(a - 0.003, a + 0.003, r) * (1 - _smooth(b - 0.003, b + 0.003, r))

        paint(ring(0.8, 0.87), motif)
        paint(ring(0.9, 0.91), mid)
        paint(1 - _smooth(0.42, 0.43, r), mid * 0.4 + field * 0.6)
        paint(ring(0.4, 0.415), motif)
    # Abrash: the gentle tonal drift of hand-dyed wool.
    abrash = np.asarray(
        Image.fromarray(_fbm(rng, 128, 1, 3, aniso=(1, 4)), "F").resize(
            (w, h), Image.Resampling.BICUBIC
        )
    )
    img *= (0.94 + 0.12 * abrash)[..., None]
    img *= (0.82 + 0.18 * _smooth(0.0, 0.012, edge))[..., None]  # bound edge
    out = np.clip(img, 0, 1).astype(np.float32)
    out.setflags(write=False)
    return out
