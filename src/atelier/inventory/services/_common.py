"""Checks every inventory service uses: quantities, references, variants, permission."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.inventory import access
from atelier.inventory.enums import MAX_QUANTITY
from atelier.inventory.models import Location

REF_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 500


def quantity(value, field: str = "quantity", *, allow_zero: bool = False) -> int:
    """`value` as a whole number of pieces, 1..MAX_QUANTITY (0 allowed when asked)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(f"{field}: give a whole number of pieces, not {value!r}.")
    low = 0 if allow_zero else 1
    if not low <= value <= MAX_QUANTITY:
        raise ValidationFailed(
            f"{field}: must be between {low} and {MAX_QUANTITY:,}, not {value:,}.",
            code="invalid_quantity",
        )
    return value


def signed_quantity(value, field: str = "quantity") -> int:
    """A non-zero change of stock, at most MAX_QUANTITY either way."""
    if isinstance(value, bool) or not isinstance(value, int) or value == 0:
        raise ValidationFailed(f"{field}: give a non-zero whole number, not {value!r}.")
    quantity(abs(value), field)
    return value


def reference(value, field: str, *, max_length: int = REF_MAX_LENGTH, required=True) -> str:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(f"{field}: give a text reference, not {value!r}.")
    text = (value or "").strip()
    if required and not text:
        raise ValidationFailed(f"{field}: is required.")
    if len(text) > max_length:
        raise ValidationFailed(f"{field}: at most {max_length} characters.")
    return text


def note(value, field: str = "note", *, required: bool = False) -> str:
    return reference(value or "", field, max_length=NOTE_MAX_LENGTH, required=required)


def known_variants(variant_ids: Iterable[int]) -> dict[int, catalog.VariantInfo]:
    """The catalog's view of the variants; ValidationFailed naming any unknown id."""
    ids = list(variant_ids)
    bad = [v for v in ids if isinstance(v, bool) or not isinstance(v, int)]
    if bad:
        raise ValidationFailed(f"variant: give variant ids, not {bad[0]!r}.")
    found = catalog.variants_by_ids(set(ids))
    missing = sorted(set(ids) - set(found))
    if missing:
        raise ValidationFailed(
            f"Unknown variant(s): {', '.join(map(str, missing))}.", code="unknown_variant"
        )
    return found


def require_manage(actor: Actor, *locations: Location) -> None:
    """PermissionDenied unless `actor` may move stock at every one of `locations`."""
    allowed = set(
        access.locations_manageable_by(actor)
        .filter(pk__in=[loc.pk for loc in locations])
        .values_list("pk", flat=True)
    )
    refused = [loc for loc in locations if loc.pk not in allowed]
    if refused:
        raise PermissionDenied(f"You may not move stock at {refused[0].name}.")


def require_any_manage(actor: Actor, locations: Collection[Location]) -> None:
    """PermissionDenied unless `actor` may move stock at one of `locations` at least."""
    ids = [loc.pk for loc in locations]
    if not access.locations_manageable_by(actor).filter(pk__in=ids).exists():
        raise PermissionDenied("You may not move stock at these locations.")


def unique_refs(values: Iterable[str], field: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ValidationFailed(f"{field}: {value!r} appears twice.")
        seen.add(value)
