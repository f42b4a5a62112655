"""A small analytic ray-caster for studio product shots (numpy + Pillow only).

Every part is a convex solid (rounded box, rounded frustum, ellipsoid). Rendering one part:

1. project sample points of its surface and take the 2D convex hull: its silhouette;
2. draw the silhouette at 4x into a mask and box-reduce it: anti-aliased coverage;
3. for the covered pixels only, intersect camera rays with the solid analytically, giving
   depth, surface point and a smooth normal (edges rounded by the "closest inner point"
   trick, cushions crowned, flutes and channels as normal perturbations);
4. shade (soft key light, fill, sky/floor bounce, velvet sheen, studio reflections on
   glossy and metal finishes, procedural texture tiles), z-test and blend.

Floor shadows are blurred projected silhouettes on a quarter-resolution layer. Everything is
deterministic: no clocks, seeded noise only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from . import textures
from .designs import Part
from .palettes import Finish

SS = 4  # silhouette supersampling factor (drawn at 4x, box-reduced: 16 samples a pixel)

# Studio lights, world space (camera looks down -z; the piece turns, the studio does not).
KEY = np.array([-0.55, 0.64, 0.6], np.float32)
KEY /= np.linalg.norm(KEY)
FILL = np.array([0.75, 0.25, 0.6], np.float32)
FILL /= np.linalg.norm(FILL)
RIM = np.array([0.35, 0.55, -0.75], np.float32)
RIM /= np.linalg.norm(RIM)


def srgb_to_linear(c):
    c = np.asarray(c, np.float32) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    c = np.clip(c, 0.0, 1.0)
    return np.where(c <= 0.0031308, c * 12.92, 1.055 * np.power(c, 1 / 2.4) - 0.055)


def tonemap(x: np.ndarray) -> np.ndarray:
    """Gentle shoulder so highlights roll off instead of clipping."""
    return x * (1 + x / 5.0) / (1 + x)


def rot_matrix(rx: float, ry: float, rz: float) -> np.ndarray:
    cx, sx = math.cos(rx), math.sin(rx)
    cy, sy = math.cos(ry), math.sin(ry)
    cz, sz = math.cos(rz), math.sin(rz)
    mx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    my = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    mz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return my @ mx @ mz


# --------------------------------------------------------------------------- camera


@dataclass
class Camera:
    eye: np.ndarray
    fwd: np.ndarray
    right: np.ndarray
    up: np.ndarray
    focal: float  # pixels
    cx: float
    cy: float
    width: int
    height: int

    @classmethod
    def look(cls, eye, target, size, fov_v_deg: float) -> Camera:
        eye = np.asarray(eye, np.float64)
        fwd = np.asarray(target, np.float64) - eye
        fwd /= np.linalg.norm(fwd)
        right = np.cross(fwd, [0.0, 1.0, 0.0])
        right /= np.linalg.norm(right)
        up = np.cross(right, fwd)
        w, h = size
        focal = (h / 2) / math.tan(math.radians(fov_v_deg) / 2)
        return cls(eye, fwd, right, up, focal, w / 2, h / 2, w, h)

    def project(self, pts: np.ndarray) -> np.ndarray:
        rel = pts - self.eye
        z = np.maximum(rel @ self.fwd, 1e-4)
        return np.stack(
            [
                self.cx + self.focal * (rel @ self.right) / z,
                self.cy - self.focal * (rel @ self.up) / z,
            ],
            axis=1,
        )

    def depth(self, pts: np.ndarray) -> np.ndarray:
        return (pts - self.eye) @ self.fwd


# --------------------------------------------------------------------------- geometry


_HULL_ANGLES = np.linspace(0, 2 * math.pi, 256, endpoint=False)
_HULL_DIRS = np.stack([np.cos(_HULL_ANGLES), np.sin(_HULL_ANGLES)])


def _hull(points: np.ndarray) -> np.ndarray:
    """Convex hull of 2D points, sampled by 256 support directions (vertices lie on the hull)."""
    # (Elementwise rather than a matmul: BLAS threads cost more than they save here.)
    idx = np.argmax(points[:, :1] * _HULL_DIRS[0] + points[:, 1:] * _HULL_DIRS[1], axis=0)
    keep = np.ones(len(idx), bool)
    keep[1:] = idx[1:] != idx[:-1]
    idx = idx[keep]
    if len(idx) > 1 and idx[0] == idx[-1]:
        idx = idx[:-1]
    return points[idx]


_DIRS = np.array(
    [
        (x, y, z)
        for x in (-1, 0, 1)
        for y in (-1, 0, 1)
        for z in (-1, 0, 1)
        if (x, y, z) != (0, 0, 0)
    ],
    np.float64,
)
_DIRS /= np.linalg.norm(_DIRS, axis=1, keepdims=True)
_SIGNS = np.array([(x, y, z) for x in (-1, 1) for y in (-1, 1) for z in (-1, 1)], np.float64)


def _fib_sphere(n: int) -> np.ndarray:
    i = np.arange(n) + 0.5
    phi = np.arccos(1 - 2 * i / n)
    theta = math.pi * (1 + 5**0.5) * i
    return np.stack([np.cos(theta) * np.sin(phi), np.cos(phi), np.sin(theta) * np.sin(phi)], 1)


_SPHERE = _fib_sphere(720)
_CORNER_ALL = np.concatenate([_fib_sphere(40), _DIRS])


@dataclass
class Prim:
    """A part placed in the world, with its finish resolved."""

    part: Part
    finish: Finish
    R: np.ndarray  # local -> world rotation
    c: np.ndarray  # world centre
    tex_offset: tuple[float, float] = (0.0, 0.0)
    tint: float = 1.0  # brightness multiplier (pillows in slightly different whites)
    motif: tuple[int, int, int] = (120, 110, 100)  # rug pattern colour
    cast_shadow: bool = True
    _local_pts: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self):
        self.half = np.asarray(self.part.size, np.float64) / 2
        r = self.part.radius
        r = np.array(r if isinstance(r, tuple) else (r, r, r), np.float64)
        self.rvec = np.minimum(r, self.half * 0.999) if self.part.shape == "box" else r

    def local_points(self) -> np.ndarray:
        if self._local_pts is not None:
            return self._local_pts
        h = self.half
        shape = self.part.shape
        if shape == "box":
            r = self.rvec
            inner = h - r
            dirs = _CORNER_ALL if r.max() > 0.012 else _DIRS
            pts = (_SIGNS * inner)[:, None, :] + (dirs * r)[None, :, :]
            pts = pts.reshape(-1, 3)
        elif shape == "cyl":
            rb, hh = h[0], h[1]
            rt = rb * self.part.taper
            rr = min(float(self.rvec[0]), rb, rt, hh)
            a = np.linspace(0, 2 * math.pi, 96, endpoint=False)
            ca, sa = np.cos(a), np.sin(a)
            rings = []
            for sgn, rad in ((-1, rb), (1, rt)):
                for th in (0.0, math.pi / 4, math.pi / 2) if rr > 0 else (math.pi / 2,):
                    rad_t = rad - rr + rr * math.sin(th)
                    y = sgn * (hh - rr + rr * math.cos(th)) if rr > 0 else sgn * hh
                    rings.append(np.stack([ca * rad_t, np.full_like(a, y), sa * rad_t], 1))
            pts = np.concatenate(rings)
        else:
            pts = _SPHERE * h
        self._local_pts = pts
        return pts

    def world_points(self) -> np.ndarray:
        return self.local_points() @ self.R.T + self.c

    # -- ray casting, in two phases so hidden pixels cost only a depth:
    #    hit(o, d) -> (t, state); surface(o, d, t, state) -> Surface for the visible ones.
    def hit(self, o: np.ndarray, d: np.ndarray):
        shape = self.part.shape
        if shape == "box":
            return self._box_hit(o, d)
        if shape == "cyl":
            return self._cyl_hit(o, d)
        return self._ell_hit(o, d)

    def surface(self, o, d, t, state):
        shape = self.part.shape
        if shape == "box":
            return self._box_surface(o, d, t)
        if shape == "cyl":
            return self._cyl_surface(o, d, t, state)
        return self._ell_surface(o, d, t)

    def _box_hit(self, o, d):
        h = self.half
        t = None
        with np.errstate(divide="ignore", invalid="ignore"):
            for i in range(3):
                inv = np.float32(1.0) / d[i]
                t1 = (np.float32(-h[i] - o[i])) * inv
                t2 = (np.float32(h[i] - o[i])) * inv
                tn = np.minimum(t1, t2)
                t = tn if t is None else np.maximum(t, tn)
        return t, None

    def _box_surface(self, o, d, t):
        h = self.half.astype(np.float32)
        part = self.part
        p = o[:, None] + d * t
        r = np.maximum(self.rvec.astype(np.float32), 1e-4)
        inner = h - r
        n = p - np.minimum(np.maximum(p, -inner[:, None]), inner[:, None])
        n *= (1 / (r * r))[:, None]
        n *= 1 / np.maximum(np.sqrt((n * n).sum(0)), 1e-9)
        if part.crown:
            n += (part.crown / h)[:, None] * p
            n *= 1 / np.sqrt((n * n).sum(0))
        # Which face was hit: the axis where the point is proportionally furthest out.
        q = np.abs(p) * (1 / h)[:, None]
        ax = np.where(q[0] >= q[1], np.where(q[0] >= q[2], 0, 2), np.where(q[1] >= q[2], 1, 2))
        shade = None
        if part.flutes or part.channels:
            front = ((ax == 2) & (p[2] > 0)).astype(np.float32)
            pitch, strength = part.flutes or part.channels
            count = max(1, round(2 * float(h[0]) / pitch))
            s = ((p[0] + h[0]) / (2 * h[0]) * count) % 1.0
            prof = np.cos(np.pi * s) * strength * front
            if part.channels:
                prof = -prof
                shade = 1.0 - 0.35 * front * np.exp(-((np.minimum(s, 1 - s) / 0.06) ** 2))
            else:
                shade = 1.0 - 0.12 * front * np.sin(np.pi * s) ** 2
            n[0] += prof
            n /= np.sqrt((n * n).sum(0))
        # Texture coordinates: u along the longer in-plane axis (wood grain runs along it).
        order = np.argsort(-h)
        uv_axes = [[a for a in order if a != f][:2] for f in range(3)]
        u = np.where(
            ax == 0, p[uv_axes[0][0]], np.where(ax == 1, p[uv_axes[1][0]], p[uv_axes[2][0]])
        )
        v = np.where(
            ax == 0, p[uv_axes[0][1]], np.where(ax == 1, p[uv_axes[1][1]], p[uv_axes[2][1]])
        )
        decal_uv = None
        if part.decal:
            if h[2] < h[1]:  # an upright panel (wall art): the pattern is on the front
                decal_uv = (p[0] / (2 * h[0]) + 0.5, 0.5 - p[1] / (2 * h[1]))
            else:  # a rug: the pattern is on top
                decal_uv = (p[0] / (2 * h[0]) + 0.5, p[2] / (2 * h[2]) + 0.5)
        return p, n, (u, v), shade, decal_uv, None

    def _cyl_consts(self):
        h = self.half
        rb, hh = float(h[0]), float(h[1])
        rt = rb * self.part.taper
        k = (rt - rb) / (2 * hh)
        return rb, rt, hh, k, (rb + rt) / 2

    def _cyl_hit(self, o, d):
        part = self.part
        rb, rt, hh, k, rm = self._cyl_consts()
        ox, oy, oz = (float(v) for v in o)
        dx, dy, dz = d
        Ro = rm + k * oy
        A = dx * dx + dz * dz - (k * k) * dy * dy
        B = 2 * (ox * dx + oz * dz - (k * Ro) * dy)
        C = ox * ox + oz * oz - Ro * Ro
        disc = B * B - 4 * A * C
        sq = np.sqrt(np.maximum(disc, 0))
        A2 = np.where(np.abs(A) < 1e-9, np.float32(1e-9), 2 * A)
        t0 = (-B - sq) / A2
        ok = disc >= 0
        hit0 = ok & (np.abs(oy + t0 * dy) <= hh)
        t = np.where(hit0, t0, np.inf)
        cap = np.zeros(t.shape, np.int8)  # 0 body, 1 top, -1 bottom
        inside = None
        if part.open:
            t1 = (-B + sq) / A2
            hit1 = ok & (np.abs(oy + t1 * dy) <= hh) & ~hit0
            t = np.where(hit1, t1, t)
            inside = hit1
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                for sgn, rad in ((1, rt), (-1, rb)):
                    tc = (sgn * hh - oy) / dy
                    xc, zc = ox + tc * dx, oz + tc * dz
                    better = (xc * xc + zc * zc <= rad * rad) & (tc > 0) & (tc < t)
                    t = np.where(better, tc, t)
                    cap = np.where(better, np.int8(sgn), cap)
        miss = ~np.isfinite(t)
        if part.open:
            # Rays entering one opening and leaving by the other see what is behind (inf);
            # only the anti-aliasing fringe outside the silhouette is clamped onto it.
            miss &= ~ok
        if miss.any():
            t = np.where(miss, np.where(ok, t0, -B / A2), t)
        return t.astype(np.float32), (cap, inside)

    def _cyl_surface(self, o, d, t, state):
        cap, inside = state
        part = self.part
        rb, rt, hh, k, rm = self._cyl_consts()
        p = o[:, None] + d * t
        x, y, z = p
        rho = np.sqrt(x * x + z * z) + 1e-9
        body_n = np.stack([x / rho, np.full_like(x, -k), z / rho])
        rr = min(float(self.rvec[0]), rb, rt, hh)
        if rr > 0:
            rad_y = rm + k * np.clip(y, -hh, hh)
            rq = np.minimum(rho, np.maximum(rad_y - rr, 0))
            yq = np.clip(y, -(hh - rr), hh - rr)
            nr = rho - rq
            rn = np.stack([x / rho * nr, y - yq, z / rho * nr])
            n = np.where((np.abs(y) > hh - rr) | (cap != 0), rn, body_n)
        else:
            cap_n = np.stack([np.zeros_like(x), cap.astype(np.float32), np.zeros_like(x)])
            n = np.where(cap != 0, cap_n, body_n)
        n = n / np.maximum(np.sqrt((n * n).sum(0)), 1e-9)
        if inside is not None:
            n = np.where(inside, -n, n)
        if part.crown:
            n = n + part.crown * np.stack([x / (rb + 1e-9), np.zeros_like(x), z / (rb + 1e-9)]) * (
                cap != 0
            )
            n /= np.sqrt((n * n).sum(0))
        theta = np.arctan2(x, z)
        shade = None
        if part.flutes:
            pitch, strength = part.flutes
            count = max(6, round(2 * math.pi * rm / pitch))
            s = (theta / (2 * math.pi) * count) % 1.0
            body = (cap == 0) if inside is None else (cap == 0) & ~inside
            prof = np.cos(np.pi * s) * strength * body
            n = n + prof * np.stack([np.cos(theta), np.zeros_like(x), -np.sin(theta)])
            n /= np.sqrt((n * n).sum(0))
            shade = 1.0 - 0.14 * body * np.sin(np.pi * s) ** 2
        body = cap == 0
        u = np.where(body, y, x)
        v = np.where(body, theta * rm, z)
        decal_uv = None
        if part.decal:
            decal_uv = (x / (2 * rb) + 0.5, z / (2 * rb) + 0.5)
        return p, n, (u, v), shade, decal_uv, inside

    def _ell_hit(self, o, d):
        h = self.half.astype(np.float32)
        os_ = o / h
        ds = d / h[:, None]
        A = (ds * ds).sum(0)
        B = (os_[:, None] * ds).sum(0)
        C = float((os_ * os_).sum() - 1)
        disc = np.maximum(B * B - A * C, 0)
        return ((-B - np.sqrt(disc)) / A).astype(np.float32), None

    def _ell_surface(self, o, d, t):
        h = self.half.astype(np.float32)
        p = o[:, None] + d * t
        n = p / (h[:, None] ** 2)
        n /= np.maximum(np.sqrt((n * n).sum(0)), 1e-9)
        theta = np.arctan2(p[0], p[2])
        return p, n, (p[1], theta * float(h[0])), None, None, None


def place(
    part: Part,
    finish: Finish,
    yaw: float = 0.0,
    offset=(0.0, 0.0, 0.0),
    seed: int = 0,
    tint: float = 1.0,
    motif=(120, 110, 100),
) -> Prim:
    Ry = rot_matrix(0, yaw, 0)
    R = Ry @ rot_matrix(*part.rot)
    c = Ry @ np.asarray(part.center, np.float64) + np.asarray(offset, np.float64)
    rng = np.random.default_rng(seed)
    return Prim(part, finish, R, c, tuple(rng.random(2) * 10.0), tint, tuple(motif))


# --------------------------------------------------------------------------- shading

_OUT_N = 4096
_OUT_MAX = 6.0


def _out_lut() -> np.ndarray:
    i = np.arange(_OUT_N, dtype=np.float64) / (_OUT_N - 1)
    x = i * i * _OUT_MAX
    return (linear_to_srgb(tonemap(x)) * 255).astype(np.float32)


_OUT_LUT = _out_lut()


def to_srgb255(lin: np.ndarray) -> np.ndarray:
    """Linear radiance -> tone-mapped sRGB 0..255 via a LUT indexed by sqrt (fine in darks)."""
    idx = np.sqrt(np.clip(lin, 0, _OUT_MAX) * (1 / _OUT_MAX)) * (_OUT_N - 1) + 0.5
    return _OUT_LUT[idx.astype(np.int32)]


@lru_cache(maxsize=256)
def albedo_lut(f: Finish) -> np.ndarray:
    """256 linear albedos from shadow (0) through base (128) to highlight (255)."""
    base, sh, hi = (srgb_to_linear(c) for c in (f.base, f.shadow, f.highlight))
    v = np.arange(256, dtype=np.float32) / 255
    lo = np.clip((0.5 - v) * 2, 0, 1)[:, None]
    up = np.clip((v - 0.5) * 2, 0, 1)[:, None]
    return (base + (sh - base) * lo + (hi - base) * up).astype(np.float32)


def _env(R: np.ndarray, rough: float) -> np.ndarray:
    """Studio environment seen in a reflection: bright softbox, pale walls, darker floor."""
    y = R[1]
    wall = np.float32(0.75)
    floor = np.float32(0.3)
    base = floor + (wall - floor) * np.clip((y + 0.25) / 0.45, 0, 1)
    base = base + (1.2 - wall) * np.clip(y, 0, 1) ** 2
    width = 0.06 + 0.35 * rough
    kd = (KEY[:, None] * R).sum(0)
    soft = 4.0 * np.clip((kd - (1 - width)) / width, 0, 1) ** 2
    fd = (FILL[:, None] * R).sum(0)
    soft += 1.2 * np.clip((fd - (1 - width)) / width, 0, 1) ** 2
    return base + soft


_WARM = np.array([1.0, 0.82, 0.6], np.float32)
_BOUNCE = np.array([1.0, 0.9, 0.78], np.float32)
_GLOSS = {"leather": 0.5, "wood": 0.16, "marble": 0.9, "stone": 0.2, "ceramic": 0.9, "lacquer": 1.0}


def shade(
    prim: Prim,
    height: np.ndarray,
    N: np.ndarray,
    V: np.ndarray,
    uv,
    extra,
    decal_uv,
    inside,
    p_local: np.ndarray,
) -> np.ndarray:
    """Linear RGB (n, 3) for the visible samples of one part."""
    f = prim.finish
    part = prim.part
    tex = f.texture
    tile = textures.tile(tex)
    n_tile = tile.shape[0]
    scale = n_tile / textures.TILE_METRES[tex]
    du, dv = prim.tex_offset
    iu = ((uv[0] + du) * scale).astype(np.int32) % n_tile
    iv = ((uv[1] + dv) * scale).astype(np.int32) % n_tile
    val = tile[iv, iu]
    if decal_uv is not None:
        dec = textures.rug_decal(part.decal, f.base, prim.motif, _aspect(part))
        h, w = dec.shape[:2]
        x = np.clip((decal_uv[0] * w).astype(np.int32), 0, w - 1)
        y = np.clip((decal_uv[1] * h).astype(np.int32), 0, h - 1)
        albedo = dec[y, x] * (0.72 + val.astype(np.float32) * (0.56 / 255))[:, None]
    else:
        albedo = albedo_lut(f)[val]
    if prim.tint != 1.0:
        albedo = albedo * prim.tint

    nx, ny, nz = N
    ndl = nx * KEY[0] + ny * KEY[1] + nz * KEY[2]
    ndv = np.maximum(nx * V[0] + ny * V[1] + nz * V[2], 0)
    wrap = 0.3 if f.is_fabric else 0.1
    key = np.maximum(ndl + wrap, 0) * (1 / (1 + wrap))
    fill = np.maximum(nx * FILL[0] + ny * FILL[1] + nz * FILL[2], 0)
    rim = np.maximum(nx * RIM[0] + ny * RIM[1] + nz * RIM[2], 0)
    light = 1.75 * key + 0.16 * fill + 0.22 * rim + (0.19 + 0.13 * ny)
    low = height < 0.15
    if low.any():  # contact darkening near the floor
        light[low] *= 1.0 - 0.5 * np.exp(-np.maximum(height[low], 0) * (1 / 0.03))
    if part.crown and part.shape == "box":
        # Cushions: occlusion where they sit on something (their lowest part).
        hy = float(prim.half[1])
        light *= 1.0 - 0.32 * np.exp(-(p_local[1] + hy) * (4.0 / hy))
    if extra is not None:
        light = light * extra
    col = albedo * light[:, None]
    col += albedo * (0.035 * (1 - ny))[:, None] * _BOUNCE

    if tex == "velvet":
        g = 1 - ndv
        sheen = g * g * np.sqrt(g) * (0.35 + 0.65 * key)
        col = col * (0.8 + 0.2 * (1 - ndv))[:, None]
        col += albedo_lut(f)[255] * (0.5 * sheen)[:, None]
    elif tex == "boucle":
        col *= (0.93 + 0.1 * (1 - ndv))[:, None]
    if tex in _GLOSS or tex == "metal":
        R = 2 * (nx * V[0] + ny * V[1] + nz * V[2]) * N - V
        env = _env(R, f.roughness)
        if tex == "metal":
            col = albedo * (0.25 * light)[:, None] + albedo * (0.75 * env)[:, None]
        else:
            g = 1 - ndv
            g2 = g * g
            fres = 0.04 + 0.96 * g2 * g2 * g
            col = col + (env * fres * (_GLOSS[tex] * (1.3 - f.roughness) * 0.8))[:, None]
    if part.glow:
        g = part.glow
        if tex == "glass":
            # Opal glass lit from within: bright core, soft falloff to the rim, plus studio light.
            core = (0.25 + 0.75 * ndv**1.5) * g
            col = albedo * (core * 1.3 + 0.25 * light)[:, None] * (_WARM * 0.25 + 0.75)
        else:
            # A lit fabric shade: light passes through, warmest near the bulb's height.
            col = col * (1 - 0.3 * g) + albedo * _WARM * (0.75 * g)
        if inside is not None and inside.any():
            # The lit inside of a shade: brightest low down, near the bulb.
            hy = float(prim.half[1])
            depth_in = np.clip(0.5 - p_local[1][inside] / (2 * hy), 0, 1)
            col[inside] = (
                albedo[inside] * _WARM * ((1.0 + 0.8 * g) * (0.75 + 0.6 * depth_in))[:, None]
            )
    return col


def _aspect(part: Part) -> float:
    w, h, d = part.size
    return w / max(h if d < h else d, 1e-6)


# --------------------------------------------------------------------------- scene

Q = 4  # backdrop and shadow layers are computed at 1/Q resolution


@dataclass
class Backdrop:
    """A seamless studio sweep, or a room (wall + floor) when ``room`` is set."""

    wall: tuple[int, int, int] = (234, 229, 221)
    floor: tuple[int, int, int] = (219, 212, 202)
    wall_z: float = -2.0
    glow_at: tuple[float, float] = (0.0, 0.9)  # spotlight on the wall (x, y)
    room: bool = False
    floor_kind: str = "sweep"  # sweep | oak | dark oak | stone
    skirting: bool = False
    vignette: float = 0.16

    def render(self, cam: Camera) -> tuple[np.ndarray, np.ndarray]:
        """(linear rgb float32, depth) at 1/Q resolution."""
        w, h = max(2, cam.width // Q), max(2, cam.height // Q)
        ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
        a = ((xs + 0.5) * (cam.width / w) - cam.cx) / cam.focal
        b = ((ys + 0.5) * (cam.height / h) - cam.cy) / cam.focal
        d = cam.fwd[:, None, None] + cam.right[:, None, None] * a - cam.up[:, None, None] * b
        e = cam.eye
        with np.errstate(divide="ignore", invalid="ignore"):
            t_floor = np.where(d[1] < -1e-6, -e[1] / d[1], np.inf)
            t_wall = np.where(d[2] < -1e-6, (self.wall_z - e[2]) / d[2], np.inf)
        on_floor = t_floor < t_wall
        t = np.minimum(t_floor, t_wall)
        t = np.where(np.isfinite(t), t, 1e3)
        px = e[0] + t * d[0]
        py = np.where(on_floor, 0, e[1] + t * d[1])
        pz = np.where(on_floor, e[2] + t * d[2], self.wall_z)
        # s: signed distance along the sweep (metres), up the wall positive.
        s = np.where(on_floor, -(pz - self.wall_z), py)
        wall = srgb_to_linear(self.wall)
        floor = srgb_to_linear(self.floor)
        gx, gy = self.glow_at
        glow = np.exp(-(((px - gx) / 2.4) ** 2) - ((py - gy) / 1.8) ** 2)
        wall_tone = (0.86 + 0.08 * np.exp(-np.maximum(s, 0) / 3.0) + 0.16 * glow)[..., None] * wall
        dist = np.maximum(-s, 0)
        floor_tone = (1.04 - 0.16 * np.clip(dist / 4.5, 0, 1))[..., None] * floor
        if self.room:
            blend = (s > 0).astype(np.float32)[..., None]
            floor_tone = floor_tone * self._floor_pattern(px, pz)[..., None]
            # Soft afternoon light from a window on the left: a slanted patch on the wall
            # and its reflection-free echo on the floor.
            u = px + 0.55 * py
            patch = np.clip(1 - np.abs(u - self.glow_at[0] - 0.4) / 1.1, 0, 1) ** 1.5
            patch *= np.clip((py - 0.35) / 0.5, 0, 1) * np.clip((2.6 - py) / 0.4, 0, 1)
            wall_tone = wall_tone * (1 + 0.16 * patch)[..., None]
            fu = px - 0.5 * (pz - self.wall_z)
            fpatch = np.clip(1 - np.abs(fu - self.glow_at[0] - 0.9) / 1.2, 0, 1) ** 1.5
            fpatch *= np.clip(1 - (pz - self.wall_z) / 3.5, 0, 1)
            floor_tone = floor_tone * (1 + 0.12 * fpatch)[..., None]
            if self.skirting:
                sk = (s > 0) & (s < 0.11)
                paint = np.maximum(wall, 0.62)
                wall_tone = np.where(
                    sk[..., None], paint * (0.9 + 0.3 * (s / 0.11))[..., None], wall_tone
                )
                lip = (s >= 0.11) & (s < 0.125)
                wall_tone = np.where(lip[..., None], wall_tone * 0.8, wall_tone)
            occl = 1 - 0.22 * np.exp(-np.abs(s) / 0.1)
            wall_tone = wall_tone * occl[..., None]
            floor_tone = floor_tone * occl[..., None]
        else:
            k = np.clip((s + 0.5) / 1.0, 0, 1)
            blend = (k * k * (3 - 2 * k))[..., None]
        lin = floor_tone * (1 - blend) + wall_tone * blend
        nx = (xs / w - 0.5) * 2
        ny = (ys / h - 0.5) * 2
        vig = 1 - self.vignette * np.clip((nx * nx * 0.7 + ny * ny) / 1.7, 0, 1) ** 1.5
        return (lin * vig[..., None]).astype(np.float32), t.astype(np.float32)

    def _floor_pattern(self, px, pz) -> np.ndarray:
        if self.floor_kind in {"oak", "dark oak"}:
            board = 0.19
            row = np.floor(px / board)
            rng = np.random.default_rng(7)
            jitter = rng.random(4096).astype(np.float32)
            rid = (row.astype(np.int64) % 4096 + 4096) % 4096
            length = 1.4
            zz = pz + jitter[rid] * length
            seam_x = np.abs((px / board) % 1.0 - 0.5) * 2
            seam_z = np.abs((zz / length) % 1.0 - 0.5) * 2
            tone = 0.94 + 0.1 * jitter[(rid * 7 + np.floor(zz / length).astype(np.int64)) % 4096]
            seams = 1 - 0.12 * (
                np.clip((seam_x - 0.97) / 0.03, 0, 1) + np.clip((seam_z - 0.995) / 0.005, 0, 1)
            )
            return tone * seams
        if self.floor_kind == "stone":
            tile_ = 0.6
            sx = np.abs((px / tile_) % 1.0 - 0.5) * 2
            sz = np.abs((pz / tile_) % 1.0 - 0.5) * 2
            return 1 - 0.07 * np.clip((np.maximum(sx, sz) - 0.985) / 0.015, 0, 1)
        return np.ones_like(px)


def _soft_shadows(prims: list[Prim], cam: Camera) -> np.ndarray:
    """Floor shadow strength (0..1) at 1/Q size from blurred projected silhouettes."""
    w, h = max(2, cam.width // Q), max(2, cam.height // Q)
    sx, sy = w / cam.width, h / cam.height
    soft = Image.new("L", (w, h), 0)
    contact = Image.new("L", (w, h), 0)
    drop = np.array([-KEY[0] / KEY[1] * 0.3, 0.0, -KEY[2] / KEY[1] * 0.3])
    draw_c = ImageDraw.Draw(contact)
    for p in prims:
        if not p.cast_shadow or (p.part.glow and p.finish.texture == "glass"):
            continue
        pts = p.world_points()
        bottom = float(pts[:, 1].min())
        if bottom > 2.0:
            continue
        flat = pts.copy()
        flat[:, 0] += pts[:, 1] * drop[0]
        flat[:, 2] += pts[:, 1] * drop[2]
        flat[:, 1] = 0.0
        weight = 0.6 * math.exp(-max(bottom, 0) / 0.45)
        if p.part.decal:
            weight = 0.1  # rugs: just a whisper
        proj = cam.project(flat) * (sx, sy)
        poly = _hull(proj)
        if len(poly) >= 3:
            layer = Image.new("L", (w, h), 0)
            ImageDraw.Draw(layer).polygon([tuple(v) for v in poly], fill=round(255 * weight))
            soft = ImageChops.lighter(soft, layer)
        if bottom < 0.02 and not p.part.decal:
            foot = pts[pts[:, 1] < bottom + 0.02].copy()
            if len(foot) >= 3:
                foot[:, 1] = 0
                poly = _hull(cam.project(foot) * (sx, sy))
                if len(poly) >= 3:
                    draw_c.polygon([tuple(v) for v in poly], fill=255)
    diag = math.hypot(w, h)
    s1 = np.asarray(soft.filter(ImageFilter.GaussianBlur(diag * 0.01)), np.float32)
    s2 = np.asarray(soft.filter(ImageFilter.GaussianBlur(diag * 0.03)), np.float32)
    c1 = np.asarray(contact.filter(ImageFilter.GaussianBlur(max(0.8, diag * 0.0025))), np.float32)
    shadow = (0.5 * s1 + 0.45 * s2 + 0.6 * c1) / 255
    return np.clip(shadow, 0, 0.82)


def _box1(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r + 1, r)
    c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis, dtype=np.float64)
    n = a.shape[axis]
    hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
    lo = np.take(c, np.arange(0, n), axis=axis)
    return ((hi - lo) / (2 * r + 1)).astype(np.float32)


def _blur(a: np.ndarray, r: int, passes: int = 3) -> np.ndarray:
    """Approximately Gaussian blur of a float array (repeated box filters)."""
    for _ in range(passes):
        a = _box1(_box1(a, r, 0), r, 1)
    return a


def _depth_occlusion(
    canvas: np.ndarray,
    zbuf: np.ndarray,
    cover: np.ndarray,
    W: int,
    H: int,
    lit: np.ndarray | None = None,
) -> None:
    """Darken creases: pixels lying behind their blurred neighbourhood (unsharp-masked depth).

    Depth is averaged over solid pixels only (normalised convolution), so silhouettes against
    the backdrop get no false rim.
    """
    solid = np.isfinite(zbuf)
    if not solid.any():
        return
    depth = np.where(solid, zbuf, 0).reshape(H, W)
    w2, h2 = max(2, W // 4), max(2, H // 4)
    m_small = np.asarray(
        Image.fromarray(solid.reshape(H, W).astype(np.float32), "F").resize(
            (w2, h2), Image.Resampling.BOX
        )
    )
    d_small = np.asarray(Image.fromarray(depth, "F").resize((w2, h2), Image.Resampling.BOX))
    r = max(1, round(w2 * 0.012))
    d = d_small / np.maximum(m_small, 1e-3)
    blur = _blur(d_small, r) / np.maximum(_blur(m_small, r), 1e-3)
    deficit = np.clip(d - blur, 0, None) * (m_small > 0.05)
    ao = 1 - np.clip(deficit * 4.5, 0, 0.4)
    ao_full = np.asarray(
        Image.fromarray(ao.astype(np.float32), "F").resize((W, H), Image.Resampling.BILINEAR)
    ).reshape(-1)
    mask = (cover > 0) & (ao_full < 0.995)
    if lit is not None:
        mask &= ~lit  # glowing surfaces (lamp shades, opal glass) cast light, not shade
    idx = np.nonzero(mask)[0]
    if len(idx):
        k = 1 - (1 - ao_full[idx]) * np.minimum(cover[idx], 1)
        canvas[idx] = (canvas[idx] * k[:, None]).astype(np.uint8)


def _mat3(M: np.ndarray, v: np.ndarray) -> np.ndarray:
    """M @ v for a 3x3 M and a (3, n) v, without waking BLAS threads."""
    out = np.empty_like(v)
    for i in range(3):
        np.multiply(v[0], M[i, 0], out=out[i])
        out[i] += M[i, 1] * v[1]
        out[i] += M[i, 2] * v[2]
    return out


def _rays(f: np.ndarray, r: np.ndarray, u: np.ndarray, a: np.ndarray, b: np.ndarray):
    """Ray directions f + a r - b u for every pixel, as a (3, n) float32 array."""
    out = np.empty((3, len(a)), np.float32)
    for i in range(3):
        np.multiply(a, r[i], out=out[i])
        out[i] += f[i]
        out[i] -= u[i] * b
    return out


_NOISE = np.random.default_rng(1234).random(1 << 16, np.float32) - 0.5


@dataclass
class DepthOfField:
    focus: float  # depth (m) in focus
    strength: float = 1.0  # blur grows with |depth - focus| / focus * strength
    radius: float = 0.006  # max blur radius as a fraction of the image width


def render(
    prims: list[Prim], cam: Camera, backdrop: Backdrop, dof: DepthOfField | None = None
) -> Image.Image:
    """Render parts over a backdrop.

    Parts are composited front to back (the "under" operator), so pixels already covered by
    nearer parts are culled before any ray is cast; a per-pixel depth test still lets a part
    that sorts behind but pokes through (interpenetrating cushions) win where it is nearer.
    """
    W, H = cam.width, cam.height
    bg, bg_depth = backdrop.render(cam)
    bg = bg * (1 - _soft_shadows(prims, cam))[..., None]
    small = linear_to_srgb(bg) * 255
    small += np.random.default_rng(99).random(small.shape, np.float32) - 0.5
    small = Image.fromarray(np.clip(small + 0.5, 0, 255).astype(np.uint8), "RGB")
    canvas = np.array(small.resize((W, H), Image.Resampling.BICUBIC)).reshape(-1, 3)
    acc_c = np.zeros((W * H, 3), np.float32)  # premultiplied colour, 0..255
    acc_a = np.zeros(W * H, np.float32)
    zbuf = np.full(W * H, np.inf, np.float32)
    lit = np.zeros(W * H, bool)
    e = cam.eye
    fwd, right, up = (v.astype(np.float32) for v in (cam.fwd, cam.right, cam.up))
    order = sorted(prims, key=lambda p: float(cam.depth(p.c[None])[0]))

    # Pass 1: coverage and depth for every part; nearest solid depth (and its coverage).
    z_pre = np.full(W * H, np.inf, np.float32)
    c_pre = np.zeros(W * H, np.float32)
    hits = []
    for prim in order:
        poly = _hull(cam.project(prim.world_points()))
        if len(poly) < 3:
            continue
        x0 = max(0, math.floor(poly[:, 0].min()) - 1)
        y0 = max(0, math.floor(poly[:, 1].min()) - 1)
        x1 = min(W, math.ceil(poly[:, 0].max()) + 2)
        y1 = min(H, math.ceil(poly[:, 1].max()) + 2)
        if x1 <= x0 or y1 <= y0:
            continue
        bw, bh = x1 - x0, y1 - y0
        mask = Image.new("L", (bw * SS, bh * SS), 0)
        ImageDraw.Draw(mask).polygon([((x - x0) * SS, (y - y0) * SS) for x, y in poly], fill=255)
        alpha = np.asarray(mask.reduce(SS))
        iy, ix = np.nonzero(alpha)
        if len(ix) == 0:
            continue
        flat = (iy + y0) * W + (ix + x0)
        cov = alpha[iy, ix].astype(np.float32) * (1 / 255)
        a = ((ix + (x0 + 0.5) - cam.cx) / cam.focal).astype(np.float32)
        b = ((iy + (y0 + 0.5) - cam.cy) / cam.focal).astype(np.float32)
        Rt = prim.R.T.astype(np.float32)
        d_local = _rays(Rt @ fwd, Rt @ right, Rt @ up, a, b)
        o_local = (Rt @ (e - prim.c)).astype(np.float32)
        t, state = prim.hit(o_local, d_local)
        solid = cov >= 0.5
        fs, ts = flat[solid], t[solid]
        nearer = ts < z_pre[fs]
        z_pre[fs[nearer]] = ts[nearer]
        c_pre[fs[nearer]] = cov[solid][nearer]
        hits.append((prim, flat, cov, a, b, d_local, o_local, t, state))

    # Pass 2: shade only what can be seen (nearest solid surface, or behind a soft edge).
    for prim, flat, cov, a, b, d_local, o_local, t, state in hits:
        vis = ((t <= z_pre[flat] + 1e-4) | (c_pre[flat] < 0.996)) & (t < np.inf)
        if not vis.all():
            keep = np.nonzero(vis)[0]
            if len(keep) == 0:
                continue
            t, flat, cov, a, b = t[keep], flat[keep], cov[keep], a[keep], b[keep]
            d_local = d_local[:, keep]
            if state is not None:
                state = tuple(None if x is None else x[keep] for x in state)
        front = t < zbuf[flat]
        p_local, n_local, uv, extra, decal_uv, inside = prim.surface(o_local, d_local, t, state)
        R = prim.R.astype(np.float32)
        N = _mat3(R, n_local)
        height = R[1, 0] * p_local[0] + R[1, 1] * p_local[1] + R[1, 2] * p_local[2]
        height += np.float32(prim.c[1])
        V = _rays(-fwd, -right, -up, a, b)
        V *= 1 / np.sqrt(V[0] * V[0] + V[1] * V[1] + V[2] * V[2])
        rgb = to_srgb255(shade(prim, height, N, V, uv, extra, decal_uv, inside, p_local))
        old_c = acc_c[flat]
        old_a = acc_a[flat]
        # In front of what is there: "over"; behind it: "under" (fills the remaining alpha).
        w_new = np.where(front, cov, (1 - old_a) * cov)
        keep_old = np.where(front, 1 - cov, 1.0)
        acc_c[flat] = old_c * keep_old[:, None] + rgb * w_new[:, None]
        acc_a[flat] = old_a * keep_old + w_new
        solid = front & (cov >= 0.5)
        zbuf[flat[solid]] = t[solid]
        if prim.part.glow:
            lit[flat[solid]] = True
    touched = np.nonzero(acc_a > 0)[0]
    if len(touched):
        a_ = np.minimum(acc_a[touched], 1.0)[:, None]
        out = acc_c[touched] + canvas[touched] * (1 - a_)
        out += (_NOISE[touched & 0xFFFF] + 0.5)[:, None]
        canvas[touched] = np.clip(out, 0, 255).astype(np.uint8)
    _depth_occlusion(canvas, zbuf, acc_a, W, H, lit)
    canvas = canvas.reshape(H, W, 3)
    img = Image.fromarray(canvas, "RGB")
    if dof is not None:
        depth_bg = np.asarray(
            Image.fromarray(bg_depth, "F").resize((W, H), Image.Resampling.BILINEAR)
        )
        depth = np.where(np.isfinite(zbuf.reshape(H, W)), zbuf.reshape(H, W), depth_bg)
        half = img.reduce(2).filter(ImageFilter.GaussianBlur(max(1.0, dof.radius * W / 2)))
        blurred = half.resize((W, H), Image.Resampling.BILINEAR)
        k = np.clip(np.abs(depth - dof.focus) / dof.focus * dof.strength * 4, 0, 1)
        k = Image.fromarray((k * 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(2))
        img = Image.composite(blurred, img, k)
    return img
