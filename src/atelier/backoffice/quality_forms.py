"""Forms of the quality pages: they parse and check types only; rules live in
`quality.services`."""

from __future__ import annotations

from django import forms

from atelier.quality.enums import DimensionKey, ItemKind, Severity


class QueueSearchForm(forms.Form):
    q = forms.CharField(
        label="Item code",
        required=False,
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "inputmode": "text",
                "placeholder": "Scan or type the item code",
            }
        ),
    )
    finished = forms.BooleanField(required=False)


class DefectForm(forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.RadioSelect)
    description = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    result = forms.TypedChoiceField(
        label="About checklist item", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", "—")] + [(r.pk, r.label) for r in results]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})
    )
    defect = forms.TypedChoiceField(label="Defect", required=False, coerce=int, empty_value=None)
    caption = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, defects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defect"].choices = [("", "— (the piece)")] + [(d.pk, str(d)) for d in defects]


class FinishForm(forms.Form):
    notes = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChecklistForm(forms.Form):
    category = forms.TypedChoiceField(coerce=int)
    name = forms.CharField(max_length=120)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose…"), *categories]


class ChecklistItemForm(forms.Form):
    label = forms.CharField(max_length=160)
    kind = forms.ChoiceField(choices=ItemKind.choices, widget=forms.RadioSelect)
    target = forms.CharField(required=False, max_length=20, help_text="Fixed target value")
    dimension_key = forms.ChoiceField(
        label="or the piece's dimension",
        required=False,
        choices=[("", "—"), *DimensionKey.choices],
    )
    tolerance = forms.CharField(required=False, max_length=20, help_text="±")
    unit = forms.CharField(required=False, max_length=12)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "label": d["label"],
            "kind": d["kind"],
            "target": d["target"] or None,
            "tolerance": d["tolerance"] or None,
            "unit": d["unit"],
            "dimension_key": d["dimension_key"],
        }
