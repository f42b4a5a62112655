"""The company's own shape: sales regions, boutiques and the workshops it buys from.

These are master data that scoping (Actor) and several contexts need, so they live one
layer above the kernel. Pricing attaches price lists and taxes to regions; purchasing
adds purchase orders to manufacturers; inventory adds stock locations to boutiques.
"""

from django.db import models
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class Region(models.Model):
    """A country group sold in one currency (EU in EUR, UK in GBP, US in USD...)."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=80)
    currency = models.CharField(max_length=3)
    countries = CountryField(multiple=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Boutique(models.Model):
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="boutiques")
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80)
    country = CountryField()
    timezone = models.CharField(max_length=64, default="Europe/London")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Manufacturer(models.Model):
    """An outside workshop that builds pieces for the retailer."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=160)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80, blank=True)
    country = CountryField()
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    lead_time_days = models.PositiveSmallIntegerField(default=42)
    capabilities = models.CharField(
        max_length=300, blank=True, help_text="e.g. upholstery, joinery"
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Warehouse(models.Model):
    """A central stock location that is not a shop (receiving, quality control, dispatch)."""

    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    street = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80)
    country = CountryField()
    timezone = models.CharField(max_length=64, default="Europe/London")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
