"""Gap-free document numbers such as SO-2026-000123.

`next_number()` must be called inside the transaction that creates the document: the
sequence row stays locked until that transaction ends, so a rollback returns the number
and concurrent creators wait their turn (no gaps, no duplicates). On PostgreSQL that is a
row lock; on SQLite, IMMEDIATE transactions already serialise writers.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from atelier.core.models import DocumentSequence

PREFIX_RE = re.compile(r"^[A-Z]{2,6}$")


def next_number(prefix: str, *, year: int | None = None) -> str:
    """The next number of `prefix` for `year` (default: this year), e.g. `SO-2026-000123`."""
    _validate(prefix, year)
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the transaction creating the document.")
    year = year or timezone.now().year
    seq = _locked_sequence(prefix, year)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return format_number(prefix, year, seq.last_value)


def format_number(prefix: str, year: int, value: int) -> str:
    return f"{prefix}-{year}-{value:06d}"


def _validate(prefix, year) -> None:
    if not isinstance(prefix, str) or not PREFIX_RE.match(prefix):
        raise ValueError(f"Document prefix must be 2-6 capital letters, not {prefix!r}.")
    if year is not None and (type(year) is not int or not 1000 <= year <= 9999):
        raise ValueError(f"Document year must be a four-digit year, not {year!r}.")


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
        pass  # it did; its row is committed now (we waited on the unique index)
    return qs.get(prefix=prefix, year=year)
