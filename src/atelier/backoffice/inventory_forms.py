"""Forms of the stock pages: they parse and check types only; rules live in services."""

from __future__ import annotations

from django import forms

from atelier.catalog import facade as catalog
from atelier.inventory.enums import (
    ADJUSTMENT_REASONS,
    MAX_QUANTITY,
    CountStatus,
    MoveReason,
    ProposalKind,
    ProposalStatus,
    TransferStatus,
)
from atelier.inventory.selectors.levels import LevelFilters, MoveFilters, location_choices
from atelier.inventory.services.counts import LINE_REASONS


def _location_field(locations, *, required=False, label="Location") -> forms.ChoiceField:
    empty = [("", "All locations")] if not required else [("", "Choose…")]
    return forms.ChoiceField(
        label=label, required=required, choices=empty + [(x.code, x.name) for x in locations]
    )


def _category_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "All categories"), *catalog.category_choices()],
    )


class LevelFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    location = forms.ChoiceField(required=False)
    category = forms.TypedChoiceField(required=False)
    available = forms.BooleanField(label="With free units only", required=False)

    def __init__(self, data, *, actor):
        super().__init__(data)
        self.fields["location"] = _location_field(location_choices(actor))
        self.fields["category"] = _category_field()

    def filters(self) -> LevelFilters:
        if not self.is_valid():
            return LevelFilters()
        data = self.cleaned_data
        return LevelFilters(
            location=data["location"],
            search=data["q"],
            category=data["category"],
            only_available=data["available"],
        )


class MoveFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    location = forms.ChoiceField(required=False)
    reason = forms.ChoiceField(required=False, choices=[("", "All reasons"), *MoveReason.choices])
    reference = forms.CharField(required=False, max_length=60)

    def __init__(self, data, *, actor):
        super().__init__(data)
        self.fields["location"] = _location_field(location_choices(actor))

    def filters(self) -> MoveFilters:
        if not self.is_valid():
            return MoveFilters()
        data = self.cleaned_data
        return MoveFilters(
            location=data["location"],
            search=data["q"],
            reason=data["reason"],
            reference=data["reference"],
        )


class SkuField(forms.CharField):
    """A SKU typed by a person, turned into the variant id (the catalog's lookup)."""

    def clean(self, value):
        sku = super().clean(value).strip()
        variant_id = catalog.variant_ids_by_sku([sku]).get(sku)
        if variant_id is None:
            raise forms.ValidationError(f"No variant with SKU {sku!r}.")
        return variant_id


class AdjustmentForm(forms.Form):
    location = forms.ChoiceField()
    sku = SkuField(label="SKU", max_length=64)
    quantity = forms.IntegerField(
        min_value=-MAX_QUANTITY, max_value=MAX_QUANTITY, help_text="Negative to remove."
    )
    reason = forms.ChoiceField(
        choices=[(r, MoveReason(r).label) for r in ADJUSTMENT_REASONS],
    )
    note = forms.CharField(
        required=False, max_length=500, help_text="Why (always for corrections)."
    )

    def __init__(self, data=None, *, actor, initial=None):
        super().__init__(data, initial=initial)
        self.fields["location"] = _location_field(
            location_choices(actor, manageable=True), required=True
        )


class TransferRequestForm(forms.Form):
    source = forms.ChoiceField()
    destination = forms.ChoiceField()
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One line per SKU: the SKU, a space, the quantity (e.g. SOFA-1 2).",
    )
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, data=None, *, actor, sites):
        super().__init__(data)
        self.fields["source"] = _location_field(sites, required=True, label="From")
        self.fields["destination"] = _location_field(sites, required=True, label="To")

    def clean_lines(self) -> list[tuple[int, int]]:
        pairs = []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not raw.strip():
                continue
            parts = raw.split()
            if len(parts) != 2 or not parts[1].lstrip("-").isdigit():
                raise forms.ValidationError(f"Line {number}: write the SKU and a quantity.")
            pairs.append((parts[0], int(parts[1])))
        ids = catalog.variant_ids_by_sku([sku for sku, _ in pairs])
        unknown = [sku for sku, _ in pairs if sku not in ids]
        if unknown:
            raise forms.ValidationError(f"Unknown SKU(s): {', '.join(unknown)}.")
        return [(ids[sku], qty) for sku, qty in pairs]


def line_quantities(data, lines, prefix: str) -> dict[int, int] | None:
    """{line id: quantity} from inputs named `<prefix>-<line id>`; None when a value is
    not a whole number (the service checks the ranges)."""
    result = {}
    for line in lines:
        raw = (data.get(f"{prefix}-{line.pk}") or "").strip()
        if raw == "":
            continue
        if not raw.lstrip("-").isdigit():
            return None
        result[line.pk] = int(raw)
    return result


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, required=False)


class CountCreateForm(forms.Form):
    location = forms.ChoiceField()
    category = forms.TypedChoiceField(required=False)

    def __init__(self, data=None, *, actor):
        super().__init__(data)
        self.fields["location"] = _location_field(
            location_choices(actor, manageable=True), required=True
        )
        self.fields["category"] = _category_field()


class CountAddForm(forms.Form):
    sku = SkuField(label="SKU", max_length=64)
    counted = forms.IntegerField(min_value=0, max_value=MAX_QUANTITY)
    reason = forms.ChoiceField(choices=[(r, MoveReason(r).label) for r in LINE_REASONS])


class DocumentFilterForm(forms.Form):
    status = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)

    def __init__(self, data, *, statuses, kinds=()):
        super().__init__(data)
        self.fields["status"].choices = [("", "All statuses"), *statuses]
        self.fields["kind"].choices = [("", "All kinds"), *kinds]

    def value(self, name: str) -> str:
        return self.cleaned_data.get(name, "") if self.is_valid() else ""


TRANSFER_STATUSES = TransferStatus.choices
COUNT_STATUSES = CountStatus.choices
PROPOSAL_STATUSES = ProposalStatus.choices
PROPOSAL_KINDS = ProposalKind.choices
