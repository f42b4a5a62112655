"""Request and response schemas of the cart and order endpoints (pydantic v2 via ninja).

Amounts are decimal strings in the currency's minor unit ("2490.00"), never floats.
Requests carry no prices: any price field a client sends is ignored (the server prices
everything)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import StringConstraints

Code = Annotated[str, StringConstraints(max_length=64)]
Text = Annotated[str, StringConstraints(max_length=300)]
StrictInt = Annotated[int, Field(strict=True)]


# --- Requests -----------------------------------------------------------------------
class CartIn(Schema):
    region: Code | None = Field(None, description="Region code (eu, uk, us...).")


class LineIn(Schema):
    sku: Code
    quantity: StrictInt = 1
    options: list[StrictInt] | dict[Code, Code] | None = Field(
        None, description='Choice ids [12, 15], or {"fabric": "mohair"}.'
    )
    dimensions: dict[Code, str | StrictInt] | None = Field(
        None, description='Custom sizes in cm: {"width": "260"}.'
    )


class LineUpdateIn(Schema):
    quantity: StrictInt


class DiscountIn(Schema):
    code: Code


class LoyaltyIn(Schema):
    points: StrictInt = Field(description="Points to redeem on this cart; 0 takes them off.")


class AddressIn(Schema):
    name: Text
    line1: Text
    city: Text
    country: Code = Field(description="ISO 3166 alpha-2 (FR, GB, US...)")
    company: Text = ""
    line2: Text = ""
    postcode: Code = ""
    state: Code = Field("", description="US state code (CA, NY...) where needed")


class CheckoutIn(Schema):
    email: Text
    phone: Code = ""
    sms_opt_in: bool = Field(False, description="Text messages about the order (needs phone)")
    shipping_address: AddressIn
    billing_address: AddressIn | None = None
    shipping_method: Code
    pickup_boutique: Code = Field(
        "",
        description='With shipping_method "collect": the code of a boutique from the '
        "cart's pickup_boutiques (it holds every piece); the stock is held there.",
    )


# --- Answers ------------------------------------------------------------------------
class OptionOut(Schema):
    group: str
    group_name: str
    choice: str
    choice_name: str


class AddOnOut(Schema):
    label: str
    amount: str


class CartLineOut(Schema):
    id: int
    sku: str
    product_name: str
    product_slug: str
    variant_name: str
    made_to_order: bool
    quantity: int
    options: list[OptionOut]
    dimensions: dict[str, str]
    add_ons: list[AddOnOut]
    unit_price: str
    line_price: str
    discount: str


class ProblemOut(Schema):
    line_id: int
    code: str
    message: str


class TotalsOut(Schema):
    currency: str
    tax_included: bool
    subtotal: str
    discount: str
    shipping: str
    tax: str
    total: str


class ShippingOptionOut(Schema):
    code: str
    name: str
    price: str
    eta: str


class LoyaltyOut(Schema):
    points: int
    value: str


class PickupBoutiqueOut(Schema):
    code: str
    name: str
    city: str


class PromotionOut(Schema):
    label: str
    amount: str


class CartOut(Schema):
    token: str
    status: str
    region: str
    currency: str
    lines: list[CartLineOut]
    problems: list[ProblemOut]
    discount_code: str
    discount_error: str
    promotions: list[PromotionOut]
    free_shipping: bool
    totals: TotalsOut
    shipping_options: list[ShippingOptionOut]
    pickup_boutiques: list[PickupBoutiqueOut] = Field(
        [], description='Boutiques to collect from with shipping_method "collect".'
    )
    loyalty: LoyaltyOut | None = Field(
        None, description="Points redeemed on this cart (already in the totals' discount)."
    )
    loyalty_error: str = Field("", description="Why the chosen points no longer apply.")
    loyalty_balance: int | None = Field(None, description="Your points (signed in only).")


class PaymentOut(Schema):
    provider: str
    payment_id: str
    client_secret: str | None = None
    redirect_url: str | None = None
    publishable_key: str | None = None


class CheckoutOut(Schema):
    order_number: str
    status: str
    access_token: str
    totals: TotalsOut
    payment: PaymentOut | None


class OrderLineOut(Schema):
    ref: str
    sku: str
    description: str
    made_to_order: bool
    quantity: int
    options: list[OptionOut]
    dimensions: dict[str, str]
    unit_price: str
    discount: str
    total: str


class AddressOut(Schema):
    name: str
    company: str
    line1: str
    line2: str
    postcode: str
    city: str
    state: str
    country: str


class InvoiceOut(Schema):
    number: str
    issued_at: datetime
    total: str


class OrderOut(Schema):
    number: str
    status: str
    status_label: str
    created_at: datetime
    email: str
    sms_opt_in: bool = Field(False, description="The customer agreed to text messages")
    language: str = Field("", description="Language of our messages (en, fr, it, de) or empty")
    currency: str
    lines: list[OrderLineOut]
    totals: TotalsOut
    amount_paid: str
    shipping_method: str
    shipping_eta: str
    shipping_address: AddressOut | None
    pickup_boutique: PickupBoutiqueOut | None = None
    invoices: list[InvoiceOut]
