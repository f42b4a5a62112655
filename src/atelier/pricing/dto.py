"""What pricing hands to other contexts: plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from atelier.catalog.facade import Configuration
from atelier.core.money import Money


@dataclass(frozen=True)
class AddOn:
    kind: str  # "option" or "dimension"
    code: str  # choice code, or the axis
    label: str  # "Fabric: Mohair", "Width 260 cm (+3 x 10 cm)"
    amount: Money  # per unit, in the list's tax display (gross where VAT is included)


@dataclass(frozen=True)
class PriceQuote:
    """The price of one line. Units and line totals each rounded half-up at line level."""

    variant_id: int
    region_code: str
    price_list_code: str
    currency: str
    tax_display: str  # TaxDisplay: "included" or "added"
    quantity: int
    on: date
    base: Money  # the variant's unit price before add-ons, as the list states it
    add_ons: tuple[AddOn, ...]
    unit_net: Money
    unit_tax: Money
    unit_gross: Money
    line_net: Money
    line_tax: Money
    line_gross: Money
    tax_rate: Decimal  # percent
    tax_country: str
    tax_state: str
    tax_determined: bool  # False: US price before a state is known (tax comes at checkout)
    configuration: Configuration | None = None

    @property
    def unit_display(self) -> Money:
        """What the shelf shows: gross where VAT is included, net where tax is added."""
        return self.unit_gross if self.tax_display == "included" else self.unit_net

    @property
    def line_display(self) -> Money:
        return self.line_gross if self.tax_display == "included" else self.line_net


@dataclass(frozen=True)
class SizeRule:
    step_cm: Decimal
    amount_per_step: Money


@dataclass(frozen=True)
class ConfiguratorPrices:
    """Add-ons of one product in one region, for the configurator on the product page.
    Choices or axes missing here are not sold in that region."""

    currency: str
    tax_display: str
    options: dict[int, Money]  # choice id -> add-on
    dimensions: dict[str, SizeRule]  # axis -> rule
