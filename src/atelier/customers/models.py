"""Customers (CRM). For now: customer groups, which private collections are granted to,
and the addresses a customer keeps in their account.

The CRM issue extends this context (customers, preferences, notes).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords


class CustomerGroup(models.Model):
    """A named set of customers (e.g. "Collectors' circle") that can be granted access."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="customer_groups"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomerAddress(models.Model):
    """An address a customer keeps in their account (to fill in the checkout). Orders
    copy what they ship to; changing or deleting this never touches an order."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_addresses"
    )
    label = models.CharField(max_length=60, blank=True, help_text='"Home", "Country house"')
    name = models.CharField(max_length=160)
    company = models.CharField(max_length=160, blank=True)
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=80)
    state = models.CharField(max_length=40, blank=True)
    country = CountryField()
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "label", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True),
                name="one_default_address_per_customer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label or self.name}, {self.city} ({self.country})"

    def lines(self) -> list[str]:
        """The address as printed on an envelope."""
        city = " ".join(p for p in (self.postcode, self.city, self.state) if p)
        parts = [self.name, self.company, self.line1, self.line2, city, self.country.name]
        return [p for p in parts if p]

    def as_dict(self) -> dict:
        fields = ("name", "company", "line1", "line2", "postcode", "city", "state")
        return {**{f: getattr(self, f) for f in fields}, "country": str(self.country)}


class ContactPreference(models.Model):
    """How a customer wants to hear from us: text messages (with consent) and in which
    language. A number that replied STOP is never texted, whatever this says."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contact_preference"
    )
    phone = PhoneNumberField(blank=True)
    sms_opt_in = models.BooleanField(default=False)
    language = models.CharField(max_length=8, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Contact preference of user {self.user_id}"
