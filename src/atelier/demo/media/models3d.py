"""GLB models for ``<model-viewer>``, built from the same parametric designs as the images.

    glb = build_glb("sofa", width_cm=220, depth_cm=95, height_cm=80, colour_rgb=(138, 151, 124))

Real-world scale in metres, y up, the front facing +z, standing on y = 0 and centred on x/z,
so model-viewer frames it naturally and AR shows it at true size. The bounding box is exactly
the requested width x height x depth. Each finish slot is one mesh with a glTF PBR material
(base colour, metallic, roughness; a soft emissive glow on lamp shades and glass), and edges
are properly rounded so the models read as upholstered rather than as boxes.
"""

from __future__ import annotations

import io
import math

import numpy as np
import trimesh
from trimesh.visual.material import PBRMaterial

from . import designs as dz
from .palettes import FINISHES, Finish, get_finish
from .raster import rot_matrix

MAX_BYTES = 300 * 1024

_DEFAULT_SECONDARY = {
    "sofa": "walnut",
    "armchair": "walnut",
    "dining_table": "walnut",
    "chair": "walnut",
    "bed": "walnut",
    "sideboard": "brushed brass",
    "lamp": "brushed brass",
    "rug": "walnut",
}


# --------------------------------------------------------------------------- meshes


def _band(h: float, r: float, k: int) -> list[float]:
    """Grid coordinates along one axis: flat middle, k steps into each rounded edge."""
    if r <= 1e-6 or k == 0:
        return [-h, h]
    inner = h - r
    steps = [inner + r * math.tan(math.pi / 4 * i / k) for i in range(k + 1)]
    return [-c for c in reversed(steps)] + steps


def rounded_box(size, radius, segments: int = 3) -> trimesh.Trimesh:
    """A box of full extents ``size`` with edges rounded by ``radius`` (scalar or per axis)."""
    h = np.asarray(size, np.float64) / 2
    r = np.asarray(radius if isinstance(radius, tuple) else (radius,) * 3, np.float64)
    r = np.minimum(r, h * 0.999)
    coords = [_band(h[i], r[i], segments) for i in range(3)]
    verts: list[np.ndarray] = []
    faces: list[np.ndarray] = []
    base = 0
    for a in range(3):
        b, c = (a + 1) % 3, (a + 2) % 3
        cb, cc = np.asarray(coords[b]), np.asarray(coords[c])
        gb, gc = np.meshgrid(cb, cc, indexing="ij")
        for sgn in (1, -1):
            v = np.zeros((gb.size, 3))
            v[:, a] = sgn * h[a]
            v[:, b] = gb.ravel()
            v[:, c] = gc.ravel()
            nb, nc = len(cb), len(cc)
            idx = np.arange(nb * nc).reshape(nb, nc) + base
            q00, q10 = idx[:-1, :-1].ravel(), idx[1:, :-1].ravel()
            q11, q01 = idx[1:, 1:].ravel(), idx[:-1, 1:].ravel()
            if sgn > 0:
                f = np.concatenate([np.stack([q00, q10, q11], 1), np.stack([q00, q11, q01], 1)])
            else:
                f = np.concatenate([np.stack([q00, q11, q10], 1), np.stack([q00, q01, q11], 1)])
            verts.append(v)
            faces.append(f)
            base += len(v)
    v = np.concatenate(verts)
    f = np.concatenate(faces)
    rmax = float(r.max())
    if rmax > 1e-6:
        inner = h - r
        q = np.clip(v, -inner, inner)
        off = v - q
        length = np.linalg.norm(off, axis=1, keepdims=True)
        v = q + np.where(length > 1e-12, off / np.maximum(length, 1e-12) * rmax, off)
    if rmax <= 1e-6:  # sharp box: keep each face's own vertices (flat normals)
        return trimesh.Trimesh(v, f, process=False)
    mesh = trimesh.Trimesh(v, f, process=True)
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.remove_unreferenced_vertices()
    return mesh


def _revolve(profile: list[tuple[float, float]], sections: int) -> trimesh.Trimesh:
    """Revolve a (radius, y) polyline around the y axis."""
    prof = np.asarray(profile, np.float64)
    ang = np.linspace(0, 2 * math.pi, sections, endpoint=False)
    ca, sa = np.cos(ang), np.sin(ang)
    rad, y = prof[:, 0][:, None], prof[:, 1][:, None]
    v = np.stack([rad * sa, np.broadcast_to(y, (len(prof), sections)), rad * ca], -1).reshape(-1, 3)
    n_p = len(prof)
    faces = []
    for i in range(n_p - 1):
        for j in range(sections):
            j2 = (j + 1) % sections
            a, b = i * sections + j, i * sections + j2
            c, d = (i + 1) * sections + j, (i + 1) * sections + j2
            faces += [(a, b, c), (b, d, c)]
    mesh = trimesh.Trimesh(v, np.asarray(faces), process=True)
    mesh.update_faces(mesh.nondegenerate_faces())
    mesh.remove_unreferenced_vertices()
    return mesh


def frustum(
    r_bottom: float,
    r_top: float,
    height: float,
    rounding: float = 0.0,
    open_: bool = False,
    sections: int = 32,
) -> trimesh.Trimesh:
    """A capped (or open) frustum centred on the origin, optionally with rounded rims."""
    hh = height / 2
    rr = min(rounding, r_bottom, r_top, hh)
    if open_:
        return _revolve([(r_bottom, -hh), (r_top, hh)], sections)
    if rr <= 1e-4:
        parts = [
            _revolve([(0.0, -hh), (r_bottom, -hh)], sections),
            _revolve([(r_bottom, -hh), (r_top, hh)], sections),
            _revolve([(r_top, hh), (0.0, hh)], sections),
        ]
        return trimesh.util.concatenate(parts)
    prof = [(0.0, -hh)]
    for i in range(5):
        a = -math.pi / 2 + (math.pi / 2) * i / 4
        prof.append((r_bottom - rr + rr * math.cos(a), -hh + rr + rr * math.sin(a)))
    for i in range(5):
        a = (math.pi / 2) * i / 4
        prof.append((r_top - rr + rr * math.cos(a), hh - rr + rr * math.sin(a)))
    prof.append((0.0, hh))
    return _revolve(prof, sections)


def part_mesh(part: dz.Part) -> trimesh.Trimesh:
    """The mesh of one design part, placed in the piece's coordinates."""
    size = part.size
    if part.shape == "box":
        r = part.radius
        rmax = max(r) if isinstance(r, tuple) else r
        seg = 0 if rmax < 0.003 else (2 if rmax < 0.02 or min(size) < 0.05 else 3)
        mesh = rounded_box(size, r, seg)
    elif part.shape == "cyl":
        rb = size[0] / 2
        sections = 16 if rb < 0.03 else (28 if rb < 0.2 else 40)
        rr = part.radius if not isinstance(part.radius, tuple) else max(part.radius)
        mesh = frustum(rb, rb * part.taper, size[1], rr, part.open, sections)
    else:
        mesh = trimesh.creation.uv_sphere(radius=1.0, count=[14, 20])
        mesh.apply_scale(np.asarray(size) / 2)
    T = np.eye(4)
    T[:3, :3] = rot_matrix(*part.rot)
    T[:3, 3] = part.center
    mesh.apply_transform(T)
    return mesh


def vertex_normals(mesh: trimesh.Trimesh) -> np.ndarray:
    """Area-weighted smooth vertex normals (trimesh would want scipy for this)."""
    v, f = mesh.vertices, mesh.faces
    fn = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
    out = np.zeros_like(v)
    for i in range(3):
        np.add.at(out, f[:, i], fn)
    length = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(length > 1e-12, length, 1.0)


# --------------------------------------------------------------------------- materials


def _lin(c: float) -> float:
    c = c / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _material(name: str, finish: Finish, rgb, glow: float = 0.0) -> PBRMaterial:
    # glTF base colours are linear; model-viewer converts back for display.
    base = [round(_lin(c), 4) for c in rgb] + [1.0]
    emissive = [round(_lin(c) * glow * 0.6, 4) for c in rgb] if glow else None
    return PBRMaterial(
        name=name,
        baseColorFactor=base,
        metallicFactor=float(finish.metallic),
        roughnessFactor=float(finish.roughness),
        emissiveFactor=emissive,
        doubleSided=name == "primary" and glow > 0,
    )


def _check_rgb(value, what: str) -> tuple[int, int, int]:
    try:
        rgb = tuple(round(float(c)) for c in value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be an (r, g, b) tuple, got {value!r}.") from None
    if len(rgb) != 3 or not all(0 <= c <= 255 for c in rgb):
        raise ValueError(f"{what} must be three 0-255 values, got {value!r}.")
    return rgb  # type: ignore[return-value]


def build_scene(
    kind: str,
    *,
    width_cm: float,
    depth_cm: float,
    height_cm: float,
    colour_rgb,
    secondary_rgb=None,
    design: str | int | None = None,
    secondary: str | None = None,
) -> trimesh.Scene:
    dz.check_kind(kind)
    dims = []
    for label, v in (("width_cm", width_cm), ("height_cm", height_cm), ("depth_cm", depth_cm)):
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{label} must be a number, got {v!r}.") from None
        if not 0.5 <= v <= 1000:
            raise ValueError(f"{label} must be between 0.5 and 1000 cm, got {v!r}.")
        dims.append(v / 100)
    primary_rgb = _check_rgb(colour_rgb, "colour_rgb")
    sec_finish = get_finish(secondary or _DEFAULT_SECONDARY[kind], "wood")
    sec_rgb = _check_rgb(secondary_rgb, "secondary_rgb") if secondary_rgb else sec_finish.base
    dsn = dz.build_design(kind, design, tuple(dims))
    # The primary finish's surface type (for roughness): wood for tables and sideboards.
    fabric = FINISHES["walnut"] if kind in {"dining_table", "sideboard"} else FINISHES["oat linen"]
    slots: dict[str, tuple[Finish, tuple[int, int, int]]] = {
        "primary": (fabric, primary_rgb),
        "secondary": (sec_finish, sec_rgb),
        "metal": (sec_finish, sec_rgb)
        if sec_finish.texture == "metal"
        else (FINISHES["brushed brass"], FINISHES["brushed brass"].base),
        "linen": (FINISHES["ivory linen"], FINISHES["ivory linen"].base),
        "linen2": (FINISHES["ivory linen"], (230, 225, 214)),
        "accent": (fabric, tuple(round(c * 0.78) for c in primary_rgb)),
        "glass": (FINISHES["opal glass"], FINISHES["opal glass"].base),
        "top": (fabric, primary_rgb),
        "dark": (FINISHES["ebonised oak"], (36, 33, 31)),
    }
    groups: dict[str, list[trimesh.Trimesh]] = {}
    glow: dict[str, float] = {}
    for part in dsn.parts:
        groups.setdefault(part.slot, []).append(part_mesh(part))
        glow[part.slot] = max(glow.get(part.slot, 0.0), part.glow)
    meshes = {slot: trimesh.util.concatenate(ms) for slot, ms in groups.items()}
    # Fit the exact requested bounding box (tilted cushions may poke out a little).
    lo = np.min([m.bounds[0] for m in meshes.values()], axis=0)
    hi = np.max([m.bounds[1] for m in meshes.values()], axis=0)
    target = np.array(dims)  # width, height, depth == x, y, z
    scale = target / np.maximum(hi - lo, 1e-9)
    T = np.diag([*scale, 1.0])
    T[:3, 3] = -lo * scale - np.array([target[0] / 2, 0, target[2] / 2])
    scene = trimesh.Scene()
    for slot, mesh in meshes.items():
        mesh.apply_transform(T)
        mesh.vertex_normals = vertex_normals(mesh)
        finish, rgb = slots.get(slot, slots["primary"])
        mesh.visual = trimesh.visual.TextureVisuals(
            material=_material(slot, finish, rgb, glow.get(slot, 0.0))
        )
        scene.add_geometry(mesh, geom_name=f"{kind}-{slot}", node_name=f"{kind}-{slot}")
    return scene


def build_glb(
    kind: str,
    *,
    width_cm: float,
    depth_cm: float,
    height_cm: float,
    colour_rgb,
    secondary_rgb=None,
    design: str | int | None = None,
    secondary: str | None = None,
) -> bytes:
    """A binary glTF 2.0 model of ``kind`` at real-world size (metres), under 300 KB.

    colour_rgb: the main finish colour (upholstery, top, carcass, shade, rug field), 0-255.
    secondary_rgb / secondary: legs, frame, base (an RGB tuple, or a finish name such as
    "walnut" or "brushed brass" which also sets metalness/roughness). design: as in
    ``designs.DESIGNS[kind]``. Raises ValueError for an unknown kind or bad dimensions.
    """
    scene = build_scene(
        kind,
        width_cm=width_cm,
        depth_cm=depth_cm,
        height_cm=height_cm,
        colour_rgb=colour_rgb,
        secondary_rgb=secondary_rgb,
        design=design,
        secondary=secondary,
    )
    data = scene.export(file_type="glb", include_normals=True)
    if len(data) > MAX_BYTES:  # pragma: no cover - guarded by tests for every design
        raise RuntimeError(f"{kind} GLB is {len(data)} bytes, over the {MAX_BYTES} limit.")
    return data


def load_glb(data: bytes) -> trimesh.Scene:
    """Parse GLB bytes back (handy for tests and sanity checks)."""
    return trimesh.load(io.BytesIO(data), file_type="glb", force="scene")
