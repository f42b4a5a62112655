"""Responsive images: WebP thumbnails per alias (settings.THUMBNAIL_ALIASES) and srcsets.

Aliases are named `<group>_<width>` (card_480, card_960, gallery_800 ...). Thumbnails are
generated once, after upload (`tasks.generate_image_thumbnails`); URLs are computed from
the source name without touching the database or the storage, so a list page of 24
products costs no query for its pictures.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from easy_thumbnails.files import get_thumbnailer

SIZES = {  # the `sizes` attribute per group: how wide the picture is shown
    "card": "(min-width: 1024px) 25vw, (min-width: 640px) 50vw, 100vw",
    "gallery": "(min-width: 1024px) 60vw, 100vw",
    "hero": "100vw",
    "swatch": "64px",
}


@dataclass(frozen=True)
class ResponsiveImage:
    src: str
    srcset: str
    sizes: str
    width: int
    height: int
    alt: str


@cache
def alias_groups() -> dict[str, tuple[tuple[int, str, dict], ...]]:
    """{"card": ((480, "card_480", options), (960, ...)), ...} sorted by width."""
    groups: dict[str, list] = {}
    for name, options in settings.THUMBNAIL_ALIASES.get("", {}).items():
        group, _, width = name.rpartition("_")
        groups.setdefault(group, []).append((int(width), name, options))
    return {g: tuple(sorted(items)) for g, items in groups.items()}


def responsive_image(image, group: str = "card") -> ResponsiveImage:
    """src/srcset/sizes for a MediaImage in an alias group; no query, no file access."""
    if group not in alias_groups():
        raise ValueError(f"Unknown image alias group {group!r}; see THUMBNAIL_ALIASES.")
    thumbnailer = get_thumbnailer(image.file)
    widths = [item for item in alias_groups()[group] if item[0] <= max(image.width, 1)]
    widths = widths or [alias_groups()[group][0]]
    urls = [
        (w, thumbnailer.thumbnail_storage.url(thumbnailer.get_thumbnail_name(opts)))
        for w, _, opts in widths
    ]
    largest_width, largest_url = urls[-1]
    width, height = _shown_size(image, largest_width, widths[-1][2])
    return ResponsiveImage(
        src=largest_url,
        srcset=", ".join(f"{url} {w}w" for w, url in urls),
        sizes=SIZES.get(group, "100vw"),
        width=width,
        height=height,
        alt=image.alt_text,
    )


def _shown_size(image, width: int, options: dict) -> tuple[int, int]:
    """Size of the largest thumbnail (never upscaled), for the img width/height attributes."""
    box_w, box_h = options["size"]
    if box_h and options.get("crop"):
        return int(box_w), int(box_h)
    if not image.width:
        return width, 0
    width = min(width, image.width)
    return width, round(image.height * width / image.width)


def generate_thumbnails(image) -> list[str]:
    """Create every alias's WebP thumbnail of `image`; returns their storage names."""
    thumbnailer = get_thumbnailer(image.file)
    names = []
    for items in alias_groups().values():
        for _, _, options in items:
            names.append(thumbnailer.get_thumbnail(options).name)
    return names
