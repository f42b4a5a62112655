"""Forms of the shipping pages: they parse; the shipping services decide."""

from __future__ import annotations

from django import forms

from atelier.shipping.enums import SlotWindow

ADDRESS_FIELDS = (
    ("address.name", "Recipient"), ("address.company", "Company"),
    ("address.line1", "Street and number"), ("address.line2", "Address line 2"),
    ("address.postcode", "Postcode"), ("address.city", "City"), ("address.state", "State"),
    ("address.country", "Country (2 letters)"), ("address.phone", "Phone"),
    ("address.email", "E-mail"),
)  # fmt: skip
OTHER_FIELDS = (
    ("ship_date", "Ship date (YYYY-MM-DD)"),
    ("incoterm", "Incoterm"),
    ("rate_amount", "Rate amount"),
)


class AdjustForm(forms.Form):
    field = forms.ChoiceField(label="What changes")
    value = forms.CharField(label="New value", max_length=300, required=False)
    reason = forms.CharField(label="Reason", max_length=300)

    def __init__(self, *args, line_refs=(), **kwargs):
        super().__init__(*args, **kwargs)
        quantities = [(f"quantity.{ref}", f"Quantity of line {ref}") for ref in line_refs]
        self.fields["field"].choices = [*quantities, *ADDRESS_FIELDS, *OTHER_FIELDS]


class RatesForm(forms.Form):
    ship_date = forms.DateField(label="Ship date", required=False)


class ChooseRateForm(forms.Form):
    product_code = forms.CharField(max_length=20)
    ship_date = forms.DateField(required=False)


class SlotForm(forms.Form):
    day = forms.DateField(label="Delivery day")
    window = forms.ChoiceField(label="Window", choices=SlotWindow.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=300)


class MarkForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            ("shipped", "Shipped"),
            ("out_for_delivery", "Out for delivery"),
            ("delivered", "Delivered"),
            ("exception", "Delivery problem"),
        ]
    )
    note = forms.CharField(label="Note", max_length=300)
