"""Prices of a cart or quotation, computed by the server on every read.

Each line is quoted by `pricing.facade.quote` (region, destination country/state when
known); promotions come from pricing, shipping from `shipping_methods`. Whatever price a
client sends is never read. Discounts and shipping are split into net and tax at the
line's rate by `pricing.facade.tax_split` (the tax rules stay in pricing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from atelier.catalog import facade as catalog
from atelier.catalog.facade import VariantInfo
from atelier.core.errors import DomainError, ValidationFailed
from atelier.core.money import Money
from atelier.pricing import facade as pricing
from atelier.pricing.facade import PriceQuote
from atelier.sales import promotions
from atelier.sales.enums import SELLABLE_IN
from atelier.sales.promotions import AppliedPromotion
from atelier.sales.shipping_methods import Destination, ShippingQuote, quote_for
from atelier.sales.shipping_methods.port import ParcelLine, ShipmentSnapshot


@dataclass(frozen=True)
class LineInput:
    """What a cart or quotation line asks for; `key` names it (cart line id, order ref)."""

    key: str
    variant_id: int
    quantity: int
    options: dict = field(default_factory=dict)
    dimensions: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Split:
    net: Money
    tax: Money
    gross: Money

    @classmethod
    def zero(cls, currency: str) -> Split:
        z = Money.zero(currency)
        return cls(z, z, z)


@dataclass(frozen=True)
class PricedLine:
    input: LineInput
    variant: VariantInfo
    quote: PriceQuote
    discount: Split

    @property
    def key(self) -> str:
        return self.input.key

    @property
    def total(self) -> Split:
        q, d = self.quote, self.discount
        return Split(q.line_net - d.net, q.line_tax - d.tax, q.line_gross - d.gross)

    @property
    def display(self) -> Money:
        """The line after discount, as the price list states amounts."""
        return self.total.gross if self.quote.tax_display == "included" else self.total.net


@dataclass(frozen=True)
class LoyaltyApplied:
    """Points redeemed as a discount (after promotions, shared among the lines)."""

    points: int
    value: Money  # as the list states amounts
    base: Money  # the goods after promotions the points were measured against

    @property
    def label(self) -> str:
        return f"Loyalty points ({self.points:,})"


@dataclass(frozen=True)
class LineProblem:
    key: str
    code: str
    message: str


@dataclass(frozen=True)
class PricedCart:
    region_code: str
    currency: str
    tax_display: str
    lines: tuple[PricedLine, ...]
    problems: tuple[LineProblem, ...]
    promotion: AppliedPromotion | None
    discount_error: str
    shipping: ShippingQuote | None
    shipping_split: Split
    lines_gross: Money
    discount: Split
    total: Split
    loyalty: LoyaltyApplied | None = None
    loyalty_error: str = ""

    @property
    def tax_included(self) -> bool:
        return self.tax_display == "included"

    @property
    def subtotal(self) -> Money:
        """Lines before discount, as the list states amounts (gross or net)."""
        if self.tax_included:
            return self.lines_gross
        return sum((line.quote.line_net for line in self.lines), Money.zero(self.currency))

    def summary(self) -> dict:
        """Totals as the API and pages show them (rounded, with the currency)."""
        display = "gross" if self.tax_included else "net"
        return {
            "currency": self.currency,
            "tax_included": self.tax_included,
            "subtotal": self.subtotal.as_dict()["amount"],
            "discount": getattr(self.discount, display).as_dict()["amount"],
            "shipping": getattr(self.shipping_split, display).as_dict()["amount"],
            "tax": self.total.tax.as_dict()["amount"],
            "total": self.total.gross.as_dict()["amount"],
        }


@dataclass(frozen=True)
class PricingRequest:
    region_code: str
    currency: str
    lines: tuple[LineInput, ...]
    destination: Destination | None = None
    shipping_method: str = ""
    discount_code: str = ""
    customer_user_id: int | None = None
    email: str = ""
    channel: str = "online"
    strict: bool = False  # checkout: every problem is an error
    loyalty_points: int = 0  # points the signed-in customer redeems (a discount)


def price(request: PricingRequest) -> PricedCart:
    """Price every line, apply promotions and shipping, add it all up."""
    variants = catalog.variants_by_ids({line.variant_id for line in request.lines})
    quoted, problems = _quote_lines(request, variants)
    if request.strict and problems:
        raise ValidationFailed(problems[0].message, code=problems[0].code, line=problems[0].key)
    applied, discount_error = _promotion(request, quoted)
    lines = tuple(_with_discount(q, applied) for q in quoted)
    loyalty, loyalty_error = _loyalty(request, lines)
    if loyalty is not None:
        lines = _with_points(lines, loyalty.value)
    shipping = _shipping(request, lines, applied)
    priced = _add_up(request, lines, tuple(problems), applied, discount_error, shipping)
    return replace(priced, loyalty=loyalty, loyalty_error=loyalty_error)


def _quote_lines(request: PricingRequest, variants: dict[int, VariantInfo]):
    quoted, problems = [], []
    destination = request.destination
    for line in request.lines:
        variant = variants.get(line.variant_id)
        channels = SELLABLE_IN.get(request.channel, ())
        if variant is None or not any(variant.is_sellable(c) for c in channels):
            problems.append(LineProblem(line.key, "not_sold", "This piece is no longer sold."))
            continue
        try:
            quote = pricing.quote(
                variant_id=line.variant_id,
                region_code=request.region_code,
                quantity=line.quantity,
                options=line.options,
                dimensions=line.dimensions or None,
                country=destination.country if destination else None,
                state=destination.state if destination else None,
            )
        except DomainError as exc:
            problems.append(LineProblem(line.key, exc.code, exc.message))
            continue
        quoted.append((line, variant, quote))
    return quoted, problems


def _promotion(request: PricingRequest, quoted) -> tuple[AppliedPromotion | None, str]:
    if not quoted:
        return None, ""
    return promotions.evaluate(
        priced_lines=quoted,
        currency=request.currency,
        code=request.discount_code,
        customer_user_id=request.customer_user_id,
        email=request.email,
        strict=request.strict,
    )


def _with_discount(quoted, applied: AppliedPromotion | None) -> PricedLine:
    line, variant, quote = quoted
    amount = applied.line_discounts.get(line.key) if applied else None
    if not amount:
        return PricedLine(line, variant, quote, Split.zero(quote.currency))
    display = quote.line_gross if quote.tax_display == "included" else quote.line_net
    amount = min(amount, display)  # a discount never makes a line negative
    net, tax, gross = pricing.tax_split(amount, rate=quote.tax_rate, tax_display=quote.tax_display)
    return PricedLine(line, variant, quote, Split(net, tax, gross))


def _loyalty(request: PricingRequest, lines) -> tuple[LoyaltyApplied | None, str]:
    """What the chosen points take off the goods after promotions (pricing checks the
    balance, the currency and the maximum share). On the cart page a refusal drops the
    points and says why; at checkout (`strict`) it is raised."""
    if not request.loyalty_points or not lines:
        return None, ""
    base = goods_value(lines, request.currency)
    try:
        if request.customer_user_id is None:
            raise ValidationFailed("Sign in to use your points.", code="loyalty_guest")
        quote = pricing.loyalty_quote_redemption(
            user_id=request.customer_user_id,
            points=request.loyalty_points,
            currency=request.currency,
            order_total=base,
        )
    except ValidationFailed as exc:
        if request.strict:
            raise ValidationFailed(exc.message, code=exc.code, field="loyalty_points") from None
        return None, exc.message
    return LoyaltyApplied(quote.points, quote.value, base), ""


def _with_points(lines: tuple[PricedLine, ...], value: Money) -> tuple[PricedLine, ...]:
    """Share the points' value among the lines in proportion to what is left of each
    (rounded half-up, the remainder on the last line that can take it), then split each
    line's whole discount into net and tax again."""
    shares = share(value, [line.display for line in lines])
    return tuple(_add_discount(line, extra) for line, extra in zip(lines, shares, strict=True))


def share(amount: Money, weights: list[Money]) -> list[Money]:
    """`amount` split in proportion to `weights`, each share at most its weight; the
    shares add up to `amount` exactly (which must not exceed the weights' sum)."""
    zero = Money.zero(amount.currency)
    total = sum(weights, zero)
    if not total or not amount:
        return [zero for _ in weights]
    shares = [min((amount * (w.amount / total.amount)).rounded(), w) for w in weights]
    left = amount - sum(shares, zero)
    for i in reversed(range(len(shares))):  # the rounding remainder, last line first
        room = weights[i] - shares[i]
        step = min(left, room) if left.amount > 0 else max(left, -shares[i])
        shares[i] += step
        left -= step
        if not left:
            break
    return shares


def _add_discount(line: PricedLine, extra: Money) -> PricedLine:
    if not extra:
        return line
    quote = line.quote
    before = line.discount.gross if quote.tax_display == "included" else line.discount.net
    net, tax, gross = pricing.tax_split(
        before + extra, rate=quote.tax_rate, tax_display=quote.tax_display
    )
    return replace(line, discount=Split(net, tax, gross))


def goods_value(lines: Iterable[PricedLine], currency: str) -> Money:
    return sum((line.display for line in lines), Money.zero(currency))


def _shipping(request, lines, applied) -> ShippingQuote | None:
    if not (request.destination and request.shipping_method and lines):
        return None
    snapshot = ShipmentSnapshot(
        region_code=request.region_code,
        currency=request.currency,
        goods=goods_value(lines, request.currency),
        lines=tuple(
            ParcelLine(line.variant.id, line.input.quantity, line.variant.made_to_order)
            for line in lines
        ),
    )
    return quote_for(
        request.shipping_method,
        snapshot,
        request.destination,
        free_shipping=bool(applied and applied.free_shipping),
    )


def _shipping_split(shipping: ShippingQuote | None, lines, currency: str) -> Split:
    if shipping is None or not shipping.price:
        return Split.zero(currency)
    first = lines[0].quote
    rate = max(line.quote.tax_rate for line in lines)  # charged at the goods' rate
    net, tax, gross = pricing.tax_split(shipping.price, rate=rate, tax_display=first.tax_display)
    return Split(net, tax, gross)


def _add_up(request, lines, problems, applied, discount_error, shipping) -> PricedCart:
    currency = request.currency
    zero = Money.zero(currency)
    ship = _shipping_split(shipping, lines, currency)

    def total(attr: str) -> Money:
        return sum((getattr(line.total, attr) for line in lines), zero) + getattr(ship, attr)

    tax_display = lines[0].quote.tax_display if lines else _display_of(request.region_code)
    return PricedCart(
        region_code=request.region_code,
        currency=currency,
        tax_display=tax_display,
        lines=lines,
        problems=problems,
        promotion=applied,
        discount_error=discount_error,
        shipping=shipping,
        shipping_split=ship,
        lines_gross=sum((line.quote.line_gross for line in lines), zero),
        discount=Split(
            sum((line.discount.net for line in lines), zero),
            sum((line.discount.tax for line in lines), zero),
            sum((line.discount.gross for line in lines), zero),
        ),
        total=Split(total("net"), total("tax"), total("gross")),
    )


def _display_of(region_code: str) -> str:
    found = next((r for r in pricing.regions() if r.code == region_code), None)
    return found.tax_display if found else "included"
