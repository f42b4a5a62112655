"""Customers (CRM). For now only customer groups, which private collections are granted to.

The CRM issue extends this context (customers, addresses, preferences, notes).
"""

from django.conf import settings
from django.db import models
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
