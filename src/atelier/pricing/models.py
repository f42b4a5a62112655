"""Price lists per region, their entries and rules, option/dimension add-ons, tax rates.

Amounts are Decimal in the list's currency, stored at (at most) its minor unit. A list's
amounts are gross (VAT included) when its tax display is "included", net otherwise.
"""

from django.db import models
from django.db.models import F, Q
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from atelier.catalog.facade import Axis
from atelier.pricing.enums import TaxDisplay

AMOUNT = {"max_digits": 14, "decimal_places": 3}


class PriceList(models.Model):
    """Fixed prices per variant, or a rule: `percentage` of `base_list`, rounded up to a
    price ending (`rounding_step` 100 + `rounding_ending` 90 -> 1 290, 2 490...)."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=120)
    currency = models.CharField(max_length=3)
    region = models.OneToOneField(
        "org.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="price_list"
    )
    tax_display = models.CharField(
        max_length=10, choices=TaxDisplay.choices, default=TaxDisplay.INCLUDED
    )
    default_tax_country = CountryField(
        blank=True, help_text="Destination assumed until the customer gives an address."
    )
    base_list = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived_lists"
    )
    percentage = models.DecimalField(
        max_digits=7, decimal_places=3, null=True, blank=True, help_text="e.g. 88 = 88 %"
    )
    rounding_step = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True)
    rounding_ending = models.DecimalField(max_digits=10, decimal_places=3, default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="price_list_rule_complete",
                condition=Q(base_list__isnull=True, percentage__isnull=True)
                | Q(base_list__isnull=False, percentage__gt=0),
            ),
            models.CheckConstraint(
                name="price_list_rounding_valid",
                condition=Q(rounding_step__isnull=True, rounding_ending=0)
                | Q(
                    rounding_step__gt=0,
                    rounding_ending__gte=0,
                    rounding_ending__lt=F("rounding_step"),
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"


class PriceEntry(models.Model):
    """A fixed unit price of a variant from `min_quantity` pieces, between two dates."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="entries")
    variant = models.ForeignKey(
        "catalog.ProductVariant", on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**AMOUNT)
    min_quantity = models.PositiveIntegerField(default=1)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True, help_text="Last day, inclusive.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["price_list_id", "variant_id", "min_quantity", "valid_from"]
        verbose_name_plural = "price entries"
        indexes = [models.Index(fields=["price_list", "variant"])]
        constraints = [
            models.CheckConstraint(
                name="price_entry_amount_not_negative", condition=Q(amount__gte=0)
            ),
            models.CheckConstraint(
                name="price_entry_min_quantity", condition=Q(min_quantity__gte=1)
            ),
            models.CheckConstraint(
                name="price_entry_dates_ordered",
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_from__lte=F("valid_until")),
            ),
            models.UniqueConstraint(
                fields=["price_list", "variant", "min_quantity", "valid_from"],
                name="uniq_price_entry_dated",
            ),
            models.UniqueConstraint(
                fields=["price_list", "variant", "min_quantity"],
                condition=Q(valid_from__isnull=True),
                name="uniq_price_entry_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.price_list_id}/{self.variant_id} x{self.min_quantity}: {self.amount}"


class OptionPrice(models.Model):
    """What a made-to-order choice (fabric, finish) adds to the unit price in a list."""

    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, related_name="option_prices"
    )
    choice = models.ForeignKey("catalog.OptionChoice", on_delete=models.CASCADE, related_name="+")
    amount = models.DecimalField(**AMOUNT)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["price_list", "choice"], name="uniq_option_price"),
            models.CheckConstraint(name="option_price_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.price_list_id}/choice {self.choice_id}: +{self.amount}"


class DimensionPrice(models.Model):
    """Custom size rule: each started `step_cm` above the standard adds `amount_per_step`."""

    price_list = models.ForeignKey(
        PriceList, on_delete=models.CASCADE, related_name="dimension_prices"
    )
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    axis = models.CharField(max_length=8, choices=Axis.choices)
    step_cm = models.DecimalField(max_digits=7, decimal_places=1)
    amount_per_step = models.DecimalField(**AMOUNT)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "axis"], name="uniq_dimension_price"
            ),
            models.CheckConstraint(
                name="dimension_price_valid", condition=Q(step_cm__gt=0, amount_per_step__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.price_list_id}/{self.product_id} {self.axis}"


class TaxRate(models.Model):
    """VAT per country, or US sales tax per state (`state` = "CA"); percent."""

    country = CountryField()
    state = models.CharField(max_length=3, blank=True, help_text="US state code, else blank.")
    rate = models.DecimalField(max_digits=6, decimal_places=3, help_text="Percent, e.g. 20.")
    name = models.CharField(max_length=60, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "state", "valid_from"]
        constraints = [
            models.CheckConstraint(name="tax_rate_range", condition=Q(rate__gte=0, rate__lt=100)),
            models.UniqueConstraint(
                fields=["country", "state", "valid_from"], name="uniq_tax_rate_dated"
            ),
            models.UniqueConstraint(
                fields=["country", "state"],
                condition=Q(valid_from__isnull=True),
                name="uniq_tax_rate_open",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.country}-{self.state}" if self.state else str(self.country)
        return f"{where}: {self.rate} %"


# Promotions and loyalty live in their own packages; imported here so Django loads them.
from atelier.pricing.loyalty.models import (  # noqa: E402
    LoyaltyAccount,
    LoyaltyEntry,
    LoyaltyRate,
    LoyaltyReservation,
    LoyaltyTier,
)
from atelier.pricing.promotions.models import (  # noqa: E402
    Promotion,
    PromotionCurrency,
    PromotionRedemption,
)

__all__ = [
    "DimensionPrice",
    "LoyaltyAccount",
    "LoyaltyEntry",
    "LoyaltyRate",
    "LoyaltyReservation",
    "LoyaltyTier",
    "OptionPrice",
    "PriceEntry",
    "PriceList",
    "Promotion",
    "PromotionCurrency",
    "PromotionRedemption",
    "TaxRate",
]
