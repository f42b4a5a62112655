from django.db import models


class TaxDisplay(models.TextChoices):
    INCLUDED = "included", "Prices include VAT (Europe, UK, Switzerland)"
    ADDED = "added", "Sales tax added at checkout (US)"
