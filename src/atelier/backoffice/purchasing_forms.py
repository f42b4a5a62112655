"""Forms of the purchasing pages: they parse and shape input; services decide."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from atelier.catalog import facade as catalog
from atelier.org.models import Manufacturer
from atelier.purchasing.enums import FileKind, POOrigin, POStatus
from atelier.purchasing.services import ManualLine

AXES = ("width", "depth", "height")
SORTS = [("deadline", "Deadline"), ("status", "Status"), ("value", "Value"), ("newest", "Newest")]


def _manufacturers(active_only: bool = True):
    rows = Manufacturer.objects.order_by("name")
    if active_only:
        rows = rows.filter(is_active=True)
    return [(m.pk, m.name) for m in rows]


class PurchaseOrderFilterForm(forms.Form):
    q = forms.CharField(required=False, label="Search", max_length=100)
    status = forms.ChoiceField(required=False)
    manufacturer = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(required=False, choices=SORTS)

    def __init__(self, data):
        super().__init__(data)
        self.fields["status"].choices = [("", "All statuses"), *POStatus.choices]
        self.fields["manufacturer"].choices = [("", "All manufacturers"), *_manufacturers(False)]

    def value(self, name: str):
        return self.cleaned_data.get(name) if self.is_valid() else None


class ManualPurchaseOrderForm(forms.Form):
    manufacturer = forms.TypedChoiceField(coerce=int)
    origin = forms.ChoiceField(
        choices=[(o.value, o.label) for o in POOrigin if o != POOrigin.SALES]
    )
    currency = forms.CharField(max_length=3, initial="EUR")
    required_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lines = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One line each: SKU quantity [value=120.00] [fabric=wool] [width=200]",
    )

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["manufacturer"].choices = _manufacturers()

    def clean_lines(self) -> list[ManualLine]:
        rows = [r.split() for r in self.cleaned_data["lines"].splitlines() if r.strip()]
        ids = catalog.variant_ids_by_sku([r[0] for r in rows])
        return [self._line(row, ids) for row in rows]

    @staticmethod
    def _line(row: list[str], ids: dict[str, int]) -> ManualLine:
        sku, *rest = row
        if sku not in ids:
            raise forms.ValidationError(f"Unknown SKU {sku}.")
        if not rest or not rest[0].isdigit():
            raise forms.ValidationError(f"{sku}: give a whole quantity after the SKU.")
        options, dimensions, value = {}, {}, "0"
        for pair in rest[1:]:
            key, _, raw = pair.partition("=")
            if not raw:
                raise forms.ValidationError(f"{sku}: write {pair!r} as name=value.")
            if key == "value":
                value = _decimal(raw, sku)
            elif key in AXES:
                dimensions[key] = raw
            else:
                options[key] = raw
        return ManualLine(
            variant_id=ids[sku],
            quantity=int(rest[0]),
            options=options,
            dimensions=dimensions,
            unit_value=value,
        )


def _decimal(raw: str, sku: str) -> Decimal:
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise forms.ValidationError(f"{sku}: {raw!r} is not an amount.") from None


class DraftForm(forms.Form):
    required_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ship_from_workshop = forms.BooleanField(required=False)
    delivery_address = forms.CharField(
        required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class FileForm(forms.Form):
    kind = forms.ChoiceField(choices=FileKind.choices)
    title = forms.CharField(max_length=160)
    line = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="For line")
    file = forms.FileField()

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", "Whole purchase order")] + [
            (line.position, f"{line.position}. {line.product_name}") for line in lines
        ]


class MessageForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReassignForm(forms.Form):
    manufacturer = forms.TypedChoiceField(coerce=int)
    reason = forms.CharField(max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manufacturer"].choices = _manufacturers()
