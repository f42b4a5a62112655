"""Gap-free document numbers such as SO-2026-000123.

`next_number()` must be called inside the transaction that creates the document: the
sequence row stays locked until that transaction ends, so a rollback returns the number
and concurrent creators wait their turn (no gaps, no duplicates).
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.core.models import DocumentSequence

PREFIX_RE = re.compile(r"^[A-Z]{2,6}$")


def next_number(prefix: str, *, year: int | None = None) -> str:
    if not PREFIX_RE.match(prefix or ""):
        raise ValueError(f"Document prefix must be 2-6 capital letters, not {prefix!r}.")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction creating the document.")
    year = year or timezone.now().year
    seq = _locked_sequence(prefix, year)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return f"{prefix}-{year}-{seq.last_value:06d}"


def _locked_sequence(prefix: str, year: int) -> DocumentSequence:
    qs = DocumentSequence.objects.select_for_update()
    try:
        return qs.get(prefix=prefix, year=year)
    except DocumentSequence.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # savepoint: a concurrent creator may win the insert
            DocumentSequence.objects.create(prefix=prefix, year=year)
    except IntegrityError:
        pass
    return qs.get(prefix=prefix, year=year)
