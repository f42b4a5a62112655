"""Field helpers shared by sales models: amounts as pricing stores them."""

from django.db import models


def amount(**kwargs) -> models.DecimalField:
    """An amount in the document's currency (Decimal(14, 3), like price lists)."""
    kwargs.setdefault("default", 0)
    return models.DecimalField(max_digits=14, decimal_places=3, **kwargs)
