"""Forms of the cart, checkout and account pages: they parse and check the *shape* of
what was typed (required, length, a number, an e-mail). Every rule (is this piece
sold here, is this address deliverable, is the code valid) is the sales service's; its
refusal is attached to the field it names by `attach_error`.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django_countries import countries

from atelier.core.errors import DomainError

MAX_QUANTITY = 99


class _Form(forms.Form):
    """No colon after labels; each input points at its help and error lines (ids
    "<id>_helptext", "<id>_error", as storefront/checkout/_field.html writes them)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            field.widget.attrs.setdefault(
                "aria-describedby", " ".join([*described, f"{auto_id}_error"])
            )


class QuantityForm(_Form):
    quantity = forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": "Enter a quantity.",
            "invalid": "Enter a whole number.",
            "min_value": "At least 1 — or remove the piece.",
            "max_value": f"At most {MAX_QUANTITY}; contact us for larger orders.",
        },
    )


class AddToCartForm(QuantityForm):
    """The quantity and version; options and sizes are read by the configurator."""

    variant = forms.IntegerField(min_value=1, error_messages={"required": "Choose a version."})


class DiscountForm(_Form):
    code = forms.CharField(
        label="Discount code",
        max_length=40,
        error_messages={"required": "Enter a discount code."},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class EstimateForm(_Form):
    """Where to estimate delivery to, on the cart page (a region country)."""

    country = forms.ChoiceField(label="Deliver to", required=False)
    state = forms.CharField(label="State", max_length=3, required=False)

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices(country_codes)

    def destination(self) -> tuple[str, str] | None:
        if not self.is_valid() or not self.cleaned_data["country"]:
            return None
        return self.cleaned_data["country"], self.cleaned_data["state"].upper()


def country_choices(codes=()) -> list[tuple[str, str]]:
    """The region's countries by name, or every country when none are given."""
    names = dict(countries)
    if codes:
        return sorted(((c, names.get(c, c)) for c in codes), key=lambda pair: pair[1])
    return list(countries)


class AddressForm(_Form):
    """A postal address; used twice on the checkout (prefix "shipping" / "billing")."""

    name = forms.CharField(label="Full name", max_length=160)
    company = forms.CharField(label="Company", max_length=160, required=False)
    line1 = forms.CharField(label="Address", max_length=200)
    line2 = forms.CharField(label="Apartment, floor, building", max_length=200, required=False)
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    city = forms.CharField(label="City", max_length=80)
    state = forms.CharField(
        label="State or province",
        max_length=40,
        required=False,
        help_text="Required in the United States, Canada and Australia (e.g. CA, NY).",
    )
    country = forms.ChoiceField(label="Country")

    AUTOCOMPLETE = {
        "name": "name",
        "company": "organization",
        "line1": "address-line1",
        "line2": "address-line2",
        "postcode": "postal-code",
        "city": "address-level2",
        "state": "address-level1",
        "country": "country",
    }

    def __init__(self, *args, country_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "Choose a country"), *country_choices(country_codes)]
        section = f"section-{self.prefix} " if self.prefix else ""
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = section + token

    def address(self) -> dict:
        return dict(self.cleaned_data)


class SavedAddressForm(AddressForm):
    """An address kept in the customer's account (any country)."""

    label = forms.CharField(
        label="Name this address",
        max_length=60,
        required=False,
        help_text="For example Home or Country house.",
    )
    is_default = forms.BooleanField(label="Use it first at checkout", required=False)

    field_order = ["label", *AddressForm.base_fields, "is_default"]


class ContactForm(_Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="For your order confirmation and delivery updates.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label="Phone",
        max_length=32,
        required=False,
        help_text="Optional — our delivery coordinator calls to book white-glove delivery.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    sms_opt_in = forms.BooleanField(
        label="Text me about this order (confirmed, made, shipped, delivered)",
        required=False,
        help_text="To the phone above. Reply STOP to any message to stop them.",
    )


class CheckoutForm(ContactForm):
    """Contact, delivery choice and the one-time key that makes a double submit one order."""

    shipping_method = forms.ChoiceField(
        label="Delivery",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like it delivered."},
    )
    pickup_boutique = forms.ChoiceField(label="Collect from", required=False)
    billing_same = forms.BooleanField(
        label="Bill to the delivery address", required=False, initial=True
    )
    checkout_key = forms.CharField(widget=forms.HiddenInput, max_length=120)

    def __init__(self, *args, methods=(), pickup=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shipping_method"].choices = [(m.code, m.name) for m in methods]
        self.fields["pickup_boutique"].choices = [("", "—")] + [
            (b.code, f"{b.name}, {b.city}") for b in pickup
        ]
        if not self.is_bound:
            self.initial.setdefault("checkout_key", new_checkout_key())


def new_checkout_key() -> str:
    """A one-time key for one checkout form: the same key places one order only."""
    return f"web-{uuid.uuid4().hex}"


# --- Service refusals beside their fields ----------------------------------------------

_SECTIONS = {"shipping_address": "shipping", "billing_address": "billing"}


def attach_error(exc: DomainError, *, forms_by_prefix: dict[str, forms.Form]) -> bool:
    """Put a service's refusal next to the field it names ("shipping_address.postcode",
    "email", "code"…). True when a field took it; otherwise the caller shows it on top."""
    field = str(exc.details.get("field", "") or "")
    section, _, name = field.partition(".")
    if name and section in _SECTIONS:
        form = forms_by_prefix.get(_SECTIONS[section])
        return _add(form, name, _sentence(exc.message))
    message = _sentence(exc.message)
    return any(_add(form, field, message) for form in forms_by_prefix.values())


def _add(form, name: str, message: str) -> bool:
    if form is None or not name or name not in form.fields:
        return False
    form.add_error(name, message)
    return True


def _sentence(message: str) -> str:
    """A service sentence without its field path, for the page: "email: enter a valid
    e-mail address." -> "Enter a valid e-mail address."; "shipping_address.state is
    required in US." -> "This field is required in US."."""
    head, sep, tail = message.partition(" ")
    is_path = head.endswith(":") or "." in head.rstrip(".")
    if not sep or not is_path or not _FIELD_PATH.fullmatch(head):
        return message
    if head.endswith(":"):
        return tail[:1].upper() + tail[1:]
    return f"This field {tail}"


_FIELD_PATH = re.compile(r"[a-z_]+(\.[a-z_0-9]+)*:?")
