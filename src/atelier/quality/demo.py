"""The demo's quality checklists, one per demo category, made through the services and
idempotently (a category that has a checklist is left alone).

Wire it into `demo/loader.py` STEPS after the catalog step: `load_quality_demo(ctx)`.
Inspections themselves come from the pipeline (production's PieceReadyForInspection).
"""

from __future__ import annotations

from atelier.catalog import facade as catalog
from atelier.core.actor import system_actor
from atelier.quality import services
from atelier.quality.models import Checklist


def _dim(label, key, tolerance):
    return {"label": label, "kind": "measure", "dimension_key": key, "tolerance": tolerance}


def _fixed(label, target, tolerance, unit):
    return {
        "label": label,
        "kind": "measure",
        "target": target,
        "tolerance": tolerance,
        "unit": unit,
    }


def _check(label):
    return {"label": label, "kind": "pass_fail"}


LEGS = _check("Legs level: no rocking on a flat floor")
FINISH = _check("Finish even: no runs, drips or bare patches")

CHECKLISTS: dict[str, tuple[str, tuple[dict, ...]]] = {
    "sofas": (
        "Sofas",
        (
            _dim("Width", "width", "0.5"),
            _dim("Depth", "depth", "1.0"),
            _dim("Height", "height", "0.5"),
            _check("Stitching straight and even, no loose threads"),
            _check("No fabric flaws: pulls, stains, shade differences between panels"),
            _check("Cushions filled evenly, zips work"),
            LEGS,
        ),
    ),
    "armchairs": (
        "Armchairs",
        (
            _dim("Width", "width", "0.5"),
            _dim("Height", "height", "0.5"),
            _check("Stitching straight and even, no loose threads"),
            _check("No fabric or leather flaws"),
            LEGS,
        ),
    ),
    "dining-tables": (
        "Dining tables",
        (
            _dim("Length", "width", "0.3"),
            _dim("Width", "depth", "0.3"),
            _dim("Height", "height", "0.3"),
            _check("Top flat: no bow over a 2 m straightedge"),
            FINISH,
            LEGS,
        ),
    ),
    "dining-chairs": (
        "Dining chairs",
        (
            _dim("Height", "height", "0.5"),
            _fixed("Seat height", "46", "1.0", "cm"),
            _check("Joints tight, no movement under load"),
            FINISH,
            LEGS,
        ),
    ),
    "beds": (
        "Beds",
        (
            _dim("Width", "width", "0.5"),
            _dim("Length", "depth", "0.5"),
            _check("Slats complete and seated"),
            _check("Headboard upholstery without flaws"),
        ),
    ),
    "storage": (
        "Storage",
        (
            _dim("Width", "width", "0.3"),
            _dim("Height", "height", "0.3"),
            _check("Doors aligned, gaps even"),
            _check("Drawers run smoothly and close fully"),
            FINISH,
        ),
    ),
    "lighting": (
        "Lighting",
        (
            _dim("Height", "height", "0.5"),
            _check("Wiring tested: earth continuity and insulation"),
            _check("Shade undamaged"),
            FINISH,
        ),
    ),
    "rugs": (
        "Rugs",
        (
            _dim("Width", "width", "1.0"),
            _dim("Length", "depth", "1.0"),
            _check("Edges straight, binding secure"),
            _check("Pile even, no loose knots"),
        ),
    ),
}


def load_quality_demo(ctx=None) -> dict[str, int]:
    """Make the demo checklists. Returns what was created (zeros the second time)."""
    actor = getattr(ctx, "actor", None) or system_actor("demo loader")
    ids = catalog.category_ids_by_slug(CHECKLISTS)
    taken = set(
        Checklist.objects.filter(category_id__in=ids.values()).values_list("category_id", flat=True)
    )
    created = {"checklists": 0, "checklist items": 0}
    for slug, (name, items) in CHECKLISTS.items():
        category_id = ids.get(slug)
        if category_id is None or category_id in taken:
            if ctx is not None and category_id is not None:
                ctx.tally("quality checklists", False)
            continue
        checklist = services.checklist_create(category_id=category_id, name=name, actor=actor)
        for item in items:
            services.checklist_item_add(checklist=checklist, actor=actor, **item)
        created["checklists"] += 1
        created["checklist items"] += len(items)
        if ctx is not None:
            ctx.tally("quality checklists", True)
    return created
