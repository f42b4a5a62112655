"""Write a contact sheet of the generated demo media, to look at.

    python -m atelier.demo.media.preview OUTDIR [--full]

Writes into OUTDIR:

- ``contact_sheet.png``: every suggested product (kind x palette), one row per kind;
- ``designs.png``: every design of every kind; ``variants.png``: the four views per kind;
- ``hero_living.png``, ``hero_dining.png``, ``hero_bedroom.png``: collection banners;
- ``<kind>.glb``: one model per kind, and ``index.html`` + ``manifest.json`` labelling it all
  (the images themselves carry no text).

``--full`` also writes every product's four views at 1600x1200 into ``OUTDIR/products``.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from pathlib import Path

from PIL import Image

from . import designs as dz
from .imagery import KINDS, product_image, render_product_image, room_image
from .models3d import build_glb
from .palettes import get_finish
from .suggestions import PRODUCTS

TILE = (400, 300)
_KIND_LOOK = {
    "sofa": ("bouclé ivory", "walnut"),
    "armchair": ("cognac leather", "walnut"),
    "dining_table": ("walnut", "walnut"),
    "chair": ("terracotta linen", "natural oak"),
    "bed": ("bouclé oatmeal", "walnut"),
    "sideboard": ("walnut", "brushed brass"),
    "lamp": ("oat linen", "sage ceramic"),
    "rug": ("oat linen", "terracotta linen"),
}


def _sheet(tiles: list[list[Image.Image]], gap: int = 6) -> Image.Image:
    cols = max(len(r) for r in tiles)
    w, h = TILE
    sheet = Image.new(
        "RGB", (cols * (w + gap) + gap, len(tiles) * (h + gap) + gap), (250, 249, 246)
    )
    for r, row in enumerate(tiles):
        for c, tile in enumerate(row):
            sheet.paste(tile, (gap + c * (w + gap), gap + r * (h + gap)))
    return sheet


def build(outdir: Path, full: bool = False) -> dict:
    outdir.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"contact_sheet": [], "designs": [], "variants": [], "heroes": [], "glb": []}
    timings: list[float] = []

    def timed(fn, *a, **kw):
        t = time.process_time()
        out = fn(*a, **kw)
        timings.append(time.process_time() - t)
        return out

    rows = []
    for kind in KINDS:
        row = []
        for p in (p for p in PRODUCTS if p.kind == kind):
            kw = p.image_kwargs()
            kw.pop("kind")
            row.append(timed(product_image, kind, size=TILE, **kw))
            manifest["contact_sheet"].append(
                {
                    "row": len(rows),
                    "col": len(row) - 1,
                    "slug": p.slug,
                    "name": p.name,
                    "kind": kind,
                    "design": p.design,
                    "palette": p.palette,
                    "material": p.material,
                }
            )
        rows.append(row)
    _sheet(rows).save(outdir / "contact_sheet.png", optimize=True)

    rows = []
    for kind in KINDS:
        pal, mat = _KIND_LOOK[kind]
        row = []
        for design in dz.DESIGNS[kind]:
            row.append(
                timed(product_image, kind, palette=pal, material=mat, design=design, size=TILE)
            )
            manifest["designs"].append({"row": len(rows), "kind": kind, "design": design})
        rows.append(row)
    _sheet(rows).save(outdir / "designs.png", optimize=True)

    rows = []
    for kind in KINDS:
        pal, mat = _KIND_LOOK[kind]
        rows.append(
            [
                timed(product_image, kind, palette=pal, material=mat, variant=v, size=TILE)
                for v in range(4)
            ]
        )
        manifest["variants"].append({"row": len(rows) - 1, "kind": kind})
    _sheet(rows).save(outdir / "variants.png", optimize=True)

    for theme, scheme in (
        ("living", "sage & brass"),
        ("dining", "midnight & marble"),
        ("bedroom", "ivory & walnut"),
    ):
        t = time.process_time()
        room_image(theme, scheme, size=(2400, 1000)).save(outdir / f"hero_{theme}.png")
        manifest["heroes"].append(
            {
                "file": f"hero_{theme}.png",
                "theme": theme,
                "scheme": scheme,
                "seconds": round(time.process_time() - t, 2),
            }
        )

    for kind in KINDS:
        pal, mat = _KIND_LOOK[kind]
        w, h, d = next(iter(dz.DESIGNS[kind].values()))
        data = build_glb(
            kind,
            width_cm=w * 100,
            depth_cm=d * 100,
            height_cm=h * 100,
            colour_rgb=get_finish(pal).base,
            secondary=mat,
        )
        (outdir / f"{kind}.glb").write_bytes(data)
        manifest["glb"].append(
            {"file": f"{kind}.glb", "bytes": len(data), "size_cm": [w * 100, h * 100, d * 100]}
        )

    if full:
        prod = outdir / "products"
        prod.mkdir(exist_ok=True)
        for p in PRODUCTS:
            for v in range(4):
                (prod / f"{p.slug}-{v}.png").write_bytes(
                    timed(render_product_image, **p.image_kwargs(v))
                )

    manifest["tile_seconds_mean"] = round(sum(timings) / max(len(timings), 1), 3)
    (outdir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    _index(outdir, manifest)
    return manifest


def _index(outdir: Path, manifest: dict) -> None:
    e = html.escape
    items = "".join(
        f"<li>row {m['row'] + 1}, col {m['col'] + 1}: <b>{e(m['name'])}</b> - {e(m['kind'])} / "
        f"{e(m['design'])}, {e(m['palette'])} + {e(m['material'])}</li>"
        for m in manifest["contact_sheet"]
    )
    glbs = "".join(
        f"<li><a href='{e(g['file'])}'>{e(g['file'])}</a> ({g['bytes'] // 1024} KB)</li>"
        for g in manifest["glb"]
    )
    heroes = "".join(f"<p><img src='{e(h['file'])}' width='1200'></p>" for h in manifest["heroes"])
    (outdir / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Atelier demo media</title>"
        "<body style='font-family:sans-serif;background:#faf9f6;margin:2rem'>"
        "<h1>Atelier demo media</h1><h2>Contact sheet</h2>"
        "<img src='contact_sheet.png' width='100%'><ol>" + items + "</ol>"
        "<h2>Designs</h2><img src='designs.png' width='100%'>"
        "<h2>Views (three-quarter, front, reverse, detail)</h2><img src='variants.png' "
        "width='100%'><h2>Collection heroes</h2>"
        + heroes
        + "<h2>3D models</h2><ul>"
        + glbs
        + "</ul></body>",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atelier.demo.media.preview", description=__doc__.splitlines()[0]
    )
    parser.add_argument("outdir", type=Path)
    parser.add_argument(
        "--full", action="store_true", help="also write every product's four views at 1600x1200"
    )
    args = parser.parse_args(argv)
    t = time.perf_counter()
    manifest = build(args.outdir, full=args.full)
    print(
        f"Wrote {args.outdir}/contact_sheet.png ({len(manifest['contact_sheet'])} products), "
        f"designs.png, variants.png, {len(manifest['heroes'])} heroes, "
        f"{len(manifest['glb'])} GLBs and index.html in {time.perf_counter() - t:.1f} s."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
