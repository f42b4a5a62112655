"""Raising purchase orders: for a paid sales order (idempotent), by hand, from
replenishment proposals. Each PO gets the product's production files and an expected
supply in inventory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.catalog import facade as catalog
from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.core.numbering import next_number
from atelier.inventory import facade as inventory
from atelier.purchasing.access import may_raise
from atelier.purchasing.dto import PurchaseNeed
from atelier.purchasing.enums import FileSource, POOrigin
from atelier.purchasing.models import PurchaseOrder, PurchaseOrderFile, PurchaseOrderLine
from atelier.purchasing.services import _common as check

PREFIX = "PO"
MANUAL_ORIGINS = (POOrigin.MANUAL, POOrigin.REPLENISHMENT, POOrigin.SAMPLE)


def _require_raise(actor: Actor) -> None:
    if not (actor.is_system or may_raise(actor)):
        raise PermissionDenied("You may not raise purchase orders.")


# --- For a paid sales order -------------------------------------------------------------


def purchase_orders_raise_for_order(
    *,
    order_ref: str,
    customer_reference: str,
    customer_tier: str,
    currency: str,
    required_date: date | None,
    needs: Sequence[PurchaseNeed],
    actor: Actor,
) -> list[str]:
    """Draft POs (one per manufacturer) for the needs not yet bought; returns the numbers of
    every live PO holding one of the needs. A second call, or a concurrent one, buys nothing
    twice: live lines are unique per (order_ref, line_ref)."""
    _require_raise(actor)
    order_ref = check.text(order_ref, "order_ref", max_length=40, required=True)
    reference = check.customer_reference(customer_reference)
    tier = check.text(customer_tier, "customer_tier", max_length=40)
    currency = check.currency(currency)
    required_date = check.optional_date(required_date)
    needs = _check_needs(needs)
    refs = [n.line_ref for n in needs]
    try:
        with transaction.atomic():
            bought = _live_refs(order_ref, refs)
            todo = [n for n in needs if n.line_ref not in bought]
            for manufacturer_id, group in _by_manufacturer(todo).items():
                po = _new_po(
                    manufacturer_id=manufacturer_id,
                    origin=POOrigin.SALES,
                    order_ref=order_ref,
                    customer_reference=reference,
                    customer_tier=tier,
                    currency=currency,
                    required_date=required_date,
                    actor=actor,
                )
                _add_lines(po, [_line_values(n, order_ref) for n in group], actor=actor)
    except IntegrityError:
        pass  # a concurrent raise bought these needs first; report its POs
    return sorted(set(_live_refs(order_ref, refs).values()))


def _check_needs(needs) -> list[PurchaseNeed]:
    if not needs or any(not isinstance(n, PurchaseNeed) for n in needs):
        raise ValidationFailed("Give at least one purchase need.", code="no_needs")
    refs = []
    for need in needs:
        ref = check.text(need.line_ref, "line_ref", max_length=40, required=True)
        if ref in refs:
            raise ValidationFailed(f"Line {ref} is listed twice.", code="duplicate_line")
        refs.append(ref)
        check.quantity(need.quantity)
        check.amount(need.unit_value)
        check.manufacturer(need.manufacturer_id, active=False)
        if type(need.variant_id) is not int or type(need.product_id) is not int:
            raise ValidationFailed(f"Line {ref}: variant and product ids are required.")
        if not isinstance(need.configuration, dict):
            raise ValidationFailed(f"Line {ref}: the configuration is a mapping.")
    return list(needs)


def _live_refs(order_ref: str, refs: list[str]) -> dict[str, str]:
    rows = PurchaseOrderLine.objects.filter(order_ref=order_ref, line_ref__in=refs, is_live=True)
    return dict(rows.values_list("line_ref", "purchase_order__number"))


def _by_manufacturer(needs) -> dict[int, list[PurchaseNeed]]:
    groups: dict[int, list[PurchaseNeed]] = {}
    for need in needs:
        groups.setdefault(need.manufacturer_id, []).append(need)
    return groups


def _line_values(need: PurchaseNeed, order_ref: str) -> dict:
    return {
        "order_ref": order_ref,
        "line_ref": need.line_ref.strip(),
        "variant_id": need.variant_id,
        "sku": need.sku,
        "product_id": need.product_id,
        "product_name": need.product_name,
        "variant_name": need.variant_name,
        "configuration": need.configuration,
        "quantity": need.quantity,
        "unit_value": check.amount(need.unit_value),
        "awaiting_finalisation": need.awaiting_finalisation,
        "notes": check.text(need.notes, "notes", max_length=check.MAX_TEXT),
    }


# --- By hand ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ManualLine:
    variant_id: int
    quantity: int
    options: dict = field(default_factory=dict)  # group code -> choice code
    dimensions: dict = field(default_factory=dict)  # axis -> centimetres (str/Decimal)
    unit_value: object = "0"
    notes: str = ""


def purchase_order_create(
    *,
    manufacturer_id: int,
    lines: Sequence[ManualLine],
    origin: str = POOrigin.MANUAL,
    currency: str,
    required_date: date | None = None,
    notes: str = "",
    customer_reference: str = "",
    actor: Actor,
) -> PurchaseOrder:
    """A draft PO raised by hand (replenishment, samples...)."""
    _require_raise(actor)
    if origin not in MANUAL_ORIGINS:
        raise ValidationFailed("origin: manual, replenishment or sample.", field="origin")
    maker = check.manufacturer(manufacturer_id)
    values = [_manual_values(line, maker) for line in _manual_lines(lines)]
    with transaction.atomic():
        po = _new_po(
            manufacturer_id=maker.pk,
            origin=origin,
            customer_reference=check.customer_reference(customer_reference),
            currency=check.currency(currency),
            required_date=check.optional_date(required_date, not_past=True),
            notes=check.text(notes, "notes", max_length=check.MAX_TEXT),
            actor=actor,
        )
        _add_lines(po, values, actor=actor)
    return po


def _manual_lines(lines) -> list[ManualLine]:
    if not lines or any(not isinstance(line, ManualLine) for line in lines):
        raise ValidationFailed("Add at least one line.", code="no_lines")
    return list(lines)


def _manual_values(line: ManualLine, maker) -> dict:
    check.quantity(line.quantity)
    if type(line.variant_id) is not int:
        raise ValidationFailed("variant: give its id.", field="variant_id")
    try:
        variant = catalog.get_variant(line.variant_id)
    except NotFound:
        raise ValidationFailed("No such variant.", field="variant_id") from None
    product = catalog.product_snapshot(variant.product_id)
    if product.manufacturer.id != maker.pk:
        raise ValidationFailed(
            f"{product.name} is made by {product.manufacturer.name}, not {maker.name}.",
            code="wrong_manufacturer",
        )
    configuration = {}
    if line.options or line.dimensions:
        if not isinstance(line.options, dict) or not isinstance(line.dimensions, dict):
            raise ValidationFailed("options and dimensions are mappings.")
        configuration = configuration_json(
            catalog.validate_configuration(product.id, line.options, line.dimensions or None)
        )
    return {
        "variant_id": variant.id,
        "sku": variant.sku,
        "product_id": product.id,
        "product_name": product.name,
        "variant_name": variant.name,
        "configuration": configuration,
        "quantity": line.quantity,
        "unit_value": check.amount(line.unit_value),
        "notes": check.text(line.notes, "notes", max_length=check.MAX_TEXT),
    }


def configuration_json(configuration) -> dict:
    """The configuration with names, as plain JSON (the shape sales order lines keep)."""
    from dataclasses import asdict
    from decimal import Decimal

    def plain(value):
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        return str(value) if isinstance(value, Decimal) else value

    return plain(asdict(configuration))


# --- From replenishment proposals --------------------------------------------------------


def purchase_order_from_proposals(
    *, proposal_numbers: Sequence[str], actor: Actor
) -> list[PurchaseOrder]:
    """Draft replenishment POs (one per manufacturer and currency) for ready proposals;
    each proposal is marked ordered with its PO number."""
    _require_raise(actor)
    wanted = [n.strip() for n in proposal_numbers if isinstance(n, str) and n.strip()]
    if not wanted:
        raise ValidationFailed("Choose at least one proposal.", code="no_proposals")
    ready = {p.number: p for p in inventory.purchase_proposals_ready()}
    missing = [n for n in wanted if n not in ready]
    if missing:
        raise ValidationFailed(f"Proposal {missing[0]} is not ready to order.", code="proposal")
    groups = _proposal_groups([ready[n] for n in dict.fromkeys(wanted)])
    created = []
    with transaction.atomic():
        for (manufacturer_id, currency), items in groups.items():
            po = _new_po(
                manufacturer_id=manufacturer_id,
                origin=POOrigin.REPLENISHMENT,
                currency=currency,
                required_date=_earliest(items),
                actor=actor,
            )
            _add_lines(po, [values for _, values in items], actor=actor)
            for proposal, _ in items:
                inventory.purchase_proposal_mark_ordered(
                    proposal.number, reference=po.number, actor=actor
                )
            created.append(po)
    return created


def _proposal_groups(proposals) -> dict:
    variants = catalog.variants_by_ids({p.variant_id for p in proposals})
    groups: dict = {}
    for proposal in proposals:
        variant = variants.get(proposal.variant_id)
        if variant is None:
            raise ValidationFailed(f"Proposal {proposal.number}: unknown variant.")
        product = catalog.product_snapshot(variant.product_id)
        unit = (proposal.value or 0) / proposal.quantity
        values = {
            "variant_id": variant.id,
            "sku": variant.sku,
            "product_id": product.id,
            "product_name": product.name,
            "variant_name": variant.name,
            "quantity": proposal.quantity,
            "unit_value": check.amount(unit),
            "notes": f"Replenishment {proposal.number} for {proposal.location_code}",
        }
        key = (product.manufacturer.id, check.currency(proposal.currency))
        groups.setdefault(key, []).append((proposal, values))
    return groups


def _earliest(items) -> date | None:
    dates = [p.expected_date for p, _ in items if p.expected_date]
    today = timezone.localdate()
    return max(min(dates), today) if dates else None


# --- Shared ------------------------------------------------------------------------------


def _new_po(
    *, manufacturer_id: int, origin: str, currency: str, actor: Actor, **fields
) -> PurchaseOrder:
    return PurchaseOrder.objects.create(
        number=next_number(PREFIX),
        manufacturer_id=manufacturer_id,
        origin=origin,
        currency=currency,
        created_by_label=actor.label,
        **fields,
    )


def _add_lines(po: PurchaseOrder, values: list[dict], *, actor: Actor) -> None:
    snapshots = {pid: catalog.product_snapshot(pid) for pid in {v["product_id"] for v in values}}
    for position, line_values in enumerate(values, start=1):
        product = snapshots[line_values["product_id"]]
        line = PurchaseOrderLine.objects.create(
            purchase_order=po,
            position=position,
            made_to_order=product.made_to_order,
            **{"order_ref": po.order_ref, **line_values},
        )
        check.record_supply(po, line, actor=actor, lead_time_days=product.lead_time_days)
    for product in snapshots.values():
        copy_product_files(po, product)
    check.recompute_value(po)


def copy_product_files(po: PurchaseOrder, product) -> None:
    """The product's production files, referenced (not copied) from the catalog's storage."""
    have = set(
        po.files.filter(catalog_file_id__isnull=False).values_list("catalog_file_id", flat=True)
    )
    PurchaseOrderFile.objects.bulk_create(
        PurchaseOrderFile(
            purchase_order=po,
            kind=ref.kind,
            title=ref.title,
            file=ref.name,
            source=FileSource.PRODUCT,
            catalog_file_id=ref.id,
            product_id=product.id,
            size_bytes=ref.size_bytes,
            sha256=ref.sha256,
            added_by_label="catalog",
        )
        for ref in product.production_files
        if ref.id not in have
    )
