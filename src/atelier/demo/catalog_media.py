"""Generated media for the demo catalog: pictures, GLB models, assembly-guide PDFs.

Rendering is the slow part of loading the demo, so:

- every generated file is cached on disk (`settings.DEMO_MEDIA_CACHE`), keyed by the
  generator, its arguments and a fingerprint of the generator's code: a second load,
  even into an empty database, renders nothing;
- what is missing is rendered in a process pool (`settings.DEMO_MEDIA_WORKERS`) while
  the loader writes the catalog, and collected when the pictures are uploaded;
- in "full" mode the worker also encodes the picture's WebP thumbnails (the same
  easy-thumbnails options the catalog's after-upload task uses), and the loader stores
  them next to the uploaded picture, so that task finds them made and skips them.

`settings.DEMO_MEDIA` picks the mode: "full" (default; 1200x900 studio shots, 2400x1000
heroes), "small" (320x240, for tests and quick looks) or "none" (no media at all).
"""

from __future__ import annotations

import hashlib
import io
import json
import multiprocessing
import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

MODES = ("full", "small", "none")
IMAGE_SIZE = {"full": (1200, 900), "small": (320, 240)}
HERO_SIZE = {"full": (2400, 1000), "small": (480, 200)}
SWATCH_SIZE = {"full": (256, 256), "small": (64, 64)}
CACHE_FORMAT = 1  # bump to invalidate every cached file


def media_mode() -> str:
    mode = str(getattr(settings, "DEMO_MEDIA", "full")).strip().lower()
    if mode not in MODES:
        raise ValueError(f"DEMO_MEDIA must be one of {', '.join(MODES)}, not {mode!r}.")
    return mode


@dataclass(frozen=True)
class Job:
    """One file to generate: `what` is "image", "hero", "swatch" or "glb"; `args` its
    arguments."""

    what: str
    args: tuple[tuple[str, object], ...]
    thumbnails: bool = False  # also encode the catalog's WebP thumbnails ("full" mode)

    @classmethod
    def of(cls, what: str, thumbnails: bool = False, **kwargs) -> Job:
        args = tuple(sorted((k, _freeze(v)) for k, v in kwargs.items()))
        return cls(what, args, thumbnails)

    @property
    def kwargs(self) -> dict:
        return dict(self.args)

    @property
    def key(self) -> str:
        parts = {
            "format": CACHE_FORMAT,
            "code": _code_fingerprint(),
            "what": self.what,
            "args": self.args,
            "thumbnails": _thumbnail_fingerprint() if self.thumbnails else None,
        }
        text = json.dumps(parts, sort_keys=True, default=list, ensure_ascii=True)
        return hashlib.sha256(text.encode()).hexdigest()


def _freeze(value):
    return tuple(value) if isinstance(value, list) else value


@dataclass
class Rendered:
    data: bytes
    thumbnails: dict[str, bytes] = field(default_factory=dict)  # alias -> WebP bytes


@cache
def _code_fingerprint() -> str:
    """A hash of the generators' source, so a change to them refreshes the cache."""
    digest = hashlib.sha256()
    folder = Path(__file__).parent / "media"
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _thumbnail_fingerprint() -> str:
    import easy_thumbnails

    parts = (
        easy_thumbnails.VERSION if hasattr(easy_thumbnails, "VERSION") else "",
        settings.THUMBNAIL_ALIASES,
        getattr(settings, "THUMBNAIL_IMAGE_SAVE_OPTIONS", {}),
        getattr(settings, "THUMBNAIL_EXTENSION", ""),
        getattr(settings, "THUMBNAIL_QUALITY", None),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


# --- Rendering (runs in the pool's worker processes) ------------------------------------


def render(job: Job) -> Rendered:
    """Generate one file (and its thumbnails). Pure: no database, no storage."""
    from atelier.demo.media import imagery, models3d

    kwargs = job.kwargs
    if job.what == "image":
        data = imagery.render_product_image(**kwargs, fmt="webp")
    elif job.what == "hero":
        theme, palette = kwargs.pop("theme"), kwargs.pop("palette")
        data = imagery.render_collection_hero(theme, palette, **kwargs, fmt="webp")
    elif job.what == "swatch":
        data = render_swatch(**kwargs)
    elif job.what == "glb":
        data = models3d.build_glb(**kwargs)
    else:
        raise ValueError(f"Unknown demo media job {job.what!r}.")
    return Rendered(data, encode_thumbnails(data) if job.thumbnails else {})


def render_swatch(*, finish: str, texture: str = "", size=(256, 256)) -> bytes:
    """A square of material (fabric, wood, stone, metal) for an option choice, as WebP.

    The finish's colours over its procedural texture (`media.textures`), softly lit.
    """
    import numpy as np
    from PIL import Image

    from atelier.demo.media.palettes import get_finish
    from atelier.demo.media.textures import tile

    colours = get_finish(finish)
    values = tile(texture or colours.texture)
    n = values.shape[0] * 3 // 8  # a patch, so the grain reads at swatch size
    v = values[:n, :n].astype(np.float32)[..., None] / 255
    base, shadow, light = (
        np.asarray(c, np.float32) for c in (colours.base, colours.shadow, colours.highlight)
    )
    rgb = np.where(v < 0.5, shadow + (base - shadow) * v * 2, base + (light - base) * (v - 0.5) * 2)
    ramp = np.linspace(1.05, 0.9, n, dtype=np.float32)[:, None, None]  # light from above
    rgb = np.clip(rgb * ramp, 0, 255).astype(np.uint8)
    image = Image.fromarray(rgb, "RGB").resize(tuple(size), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=90, method=2)
    return buffer.getvalue()


def encode_thumbnails(data: bytes) -> dict[str, bytes]:
    """Every alias's thumbnail of `data`, exactly as easy-thumbnails would encode it.

    Aliases that come out pixel-identical (a 1200-pixel picture is not enlarged to 1600,
    1920 or 2560) are encoded once.
    """
    from easy_thumbnails import engine, utils
    from easy_thumbnails.files import get_thumbnailer

    thumbnailer = get_thumbnailer(ContentFile(data), relative_name="demo-source.webp")
    encoded: dict[tuple, bytes] = {}
    out = {}
    for alias, alias_options in settings.THUMBNAIL_ALIASES.get("", {}).items():
        options = thumbnailer.get_options(alias_options)
        source = engine.generate_source_image(
            thumbnailer, options, thumbnailer.source_generators, fail_silently=False
        )
        image = engine.process_image(source, options, thumbnailer.thumbnail_processors)
        transparent = utils.is_transparent(image)
        name = thumbnailer.get_thumbnail_name(options, transparent=transparent)
        pixels = hashlib.sha256(image.tobytes()).hexdigest()
        key = (pixels, image.mode, image.size, Path(name).suffix, options["quality"])
        if key not in encoded:
            buffer = engine.save_pil_image(
                image,
                filename=name,
                quality=options["quality"],
                subsampling=options["subsampling"],
                keep_icc_profile=options.get("keep_icc_profile", False),
            )
            encoded[key] = buffer.read()
        out[alias] = encoded[key]
    return out


# --- The cache and the pool --------------------------------------------------------------


class MediaCache:
    """Generated bytes on disk: <root>/<key[:2]>/<key>/data (+ thumbnails/<alias>)."""

    def __init__(self, root: Path | str | None):
        self.root = Path(root) if root else None

    def _dir(self, job: Job) -> Path:
        key = job.key
        return self.root / key[:2] / key

    def get(self, job: Job) -> Rendered | None:
        if self.root is None:
            return None
        folder = self._dir(job)
        try:
            data = (folder / "data").read_bytes()
            thumbs = {}
            if job.thumbnails:
                index = json.loads((folder / "thumbnails.json").read_text())
                thumbs = {a: (folder / "thumbnails" / a).read_bytes() for a in index}
        except (OSError, ValueError):
            return None
        return Rendered(data, thumbs)

    def put(self, job: Job, rendered: Rendered) -> None:
        if self.root is None:
            return
        folder = self._dir(job)
        try:
            if job.thumbnails:
                for alias, data in rendered.thumbnails.items():
                    _write(folder / "thumbnails" / alias, data)
                _write(folder / "thumbnails.json", json.dumps(sorted(rendered.thumbnails)).encode())
            _write(folder / "data", rendered.data)  # last: its presence means complete
        except OSError:  # a read-only or full disk only costs speed
            return


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


class MediaFactory:
    """Hands out generated files: from the cache, or rendered in a pool in the background.

    `prefetch(jobs)` starts rendering whatever the cache lacks; `get(job)` waits for one.
    Use as a context manager so the pool is shut down.
    """

    def __init__(self, *, cache_dir=None, workers: int | None = None):
        self.cache = MediaCache(cache_dir)
        self.workers = max(0, int(workers if workers is not None else _default_workers()))
        self._pool: ProcessPoolExecutor | None = None
        self._pending: dict[str, Future] = {}
        self._done: dict[str, Rendered] = {}
        self.rendered = 0  # how many files were generated (not from the cache)

    def __enter__(self) -> MediaFactory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def prefetch(self, jobs: Iterable[Job]) -> None:
        missing = []
        for job in jobs:
            key = job.key
            if key in self._done or key in self._pending:
                continue
            cached = self.cache.get(job)
            if cached is not None:
                self._done[key] = cached
            else:
                missing.append(job)
        if not missing or self.workers < 2:
            return  # rendered in this process when asked for
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_context())
        for job in missing:
            self._pending[job.key] = self._pool.submit(render, job)

    def get(self, job: Job) -> Rendered:
        key = job.key
        if key in self._done:
            return self._done[key]
        future = self._pending.pop(key, None)
        if future is not None:
            rendered = future.result()
        else:
            rendered = self.cache.get(job)
            if rendered is None:
                rendered = render(job)
                self.rendered += 1
                self.cache.put(job, rendered)
            self._done[key] = rendered
            return rendered
        self.rendered += 1
        self.cache.put(job, rendered)
        self._done[key] = rendered
        return rendered


def _default_workers() -> int:
    configured = getattr(settings, "DEMO_MEDIA_WORKERS", None)
    if configured is not None:
        return int(configured)
    return min(os.cpu_count() or 1, 4)


def _context():
    """fork where there is one: the workers inherit the configured Django settings and
    only ever run `render` (no database, no storage); spawn elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# --- Assembly guides ---------------------------------------------------------------------


def assembly_guide_pdf(title: str, lines: Iterable[str]) -> bytes:
    """A one-page PDF (Helvetica, A4) with a title and numbered lines. Deterministic."""
    lines = list(lines)

    def text(s: str) -> str:
        s = s.encode("latin-1", "replace").decode("latin-1")
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F2 18 Tf", "56 780 Td", f"({text(title)}) Tj", "/F1 10.5 Tf", "0 -30 Td"]
    for line in lines:
        ops += [f"({text(line)}) Tj", "0 -17 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
