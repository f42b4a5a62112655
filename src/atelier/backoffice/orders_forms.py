"""Forms of the order pages: they parse and check types only; every rule (may this
order still change, is this piece sold in boutiques, is this address deliverable) is the
sales service's, whose refusal the page shows."""

from __future__ import annotations

from django import forms
from django_countries import countries

from atelier.sales.enums import OrderStatus
from atelier.sales.shipping_methods import methods


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class OrderSearchForm(_Form):
    q = forms.CharField(
        label="Number, customer name or e-mail",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *OrderStatus.choices]
    )
    date_from = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def filters(self) -> dict:
        """What to pass to `sales.selectors.order_search` (nothing when invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in ("", None)}


class TransitionForm(_Form):
    to = forms.ChoiceField(choices=OrderStatus.choices)
    reason = forms.CharField(label="Reason", required=False, max_length=500)


class ContactForm(_Form):
    email = forms.EmailField(label="E-mail", max_length=254)
    phone = forms.CharField(label="Phone", required=False, max_length=32)


class AddressForm(_Form):
    name = forms.CharField(label="Name", max_length=160)
    company = forms.CharField(label="Company", max_length=160, required=False)
    line1 = forms.CharField(label="Address", max_length=200)
    line2 = forms.CharField(label="Address (2)", max_length=200, required=False)
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    city = forms.CharField(label="City", max_length=80)
    state = forms.CharField(label="State", max_length=40, required=False)
    country = forms.ChoiceField(label="Country", choices=[("", "Choose…"), *countries])

    def address(self) -> dict:
        return dict(self.cleaned_data)


class QuotationForm(_Form):
    """A new quotation: the customer (found or new, by e-mail) and the boutique."""

    email = forms.EmailField(label="Customer's e-mail", max_length=254)
    phone = forms.CharField(
        label="Phone", required=False, max_length=32, help_text="For a payment link by SMS."
    )
    boutique = forms.TypedChoiceField(
        label="Boutique", coerce=int, required=False, empty_value=None
    )
    note = forms.CharField(
        label="Internal note", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, boutiques=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(b.pk, f"{b.name} ({b.city})") for b in boutiques]
        self.fields["boutique"].choices = choices if len(choices) == 1 else [("", "—"), *choices]


class LineForm(_Form):
    """A piece by SKU, with its made-to-order choices ("fabric=mohair, legs=oak") and
    custom sizes in centimetres."""

    sku = forms.CharField(label="SKU", max_length=64)
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=99, initial=1)
    options = forms.CharField(
        label="Options",
        required=False,
        max_length=500,
        help_text="Option codes, e.g. fabric=mohair, legs=oak.",
    )
    width = forms.DecimalField(label="Width (cm)", required=False, min_value=1, max_digits=6)
    depth = forms.DecimalField(label="Depth (cm)", required=False, min_value=1, max_digits=6)
    height = forms.DecimalField(label="Height (cm)", required=False, min_value=1, max_digits=6)

    def clean_options(self) -> dict:
        pairs = {}
        for part in filter(None, (p.strip() for p in self.cleaned_data["options"].split(","))):
            group, sep, choice = part.partition("=")
            if not sep or not group.strip() or not choice.strip():
                raise forms.ValidationError("Write each option as option=choice.")
            pairs[group.strip()] = choice.strip()
        return pairs

    def dimensions(self) -> dict | None:
        sizes = {
            axis: str(self.cleaned_data[axis])
            for axis in ("width", "depth", "height")
            if self.cleaned_data.get(axis) is not None
        }
        return sizes or None


class QuantityForm(_Form):
    quantity = forms.IntegerField(label="Quantity", min_value=1, max_value=99)


class DeliveryForm(AddressForm):
    """How (and, when it is new, where) a draft quotation is delivered."""

    shipping_method = forms.ChoiceField(label="Delivery method")

    def __init__(self, *args, address_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [(m.code, m.name) for m in methods().values()]
        for name in ("name", "line1", "city", "country"):
            self.fields[name].required = address_required

    def address(self) -> dict | None:
        data = {k: v for k, v in self.cleaned_data.items() if k != "shipping_method"}
        return data if any(data.values()) else None


class PaymentLinkForm(_Form):
    via = forms.ChoiceField(
        label="Send by", choices=[("email", "E-mail"), ("sms", "SMS")], widget=forms.RadioSelect
    )
