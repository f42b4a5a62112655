"""Small helpers for the kernel's tests."""

from django.db import transaction


class Rollback(Exception):
    """Raised to roll a test transaction back."""


def in_rolled_back_transaction(work) -> None:
    """Run `work()` in a transaction that fails afterwards, as a later step would."""
    try:
        with transaction.atomic():
            work()
            raise Rollback
    except Rollback:
        pass
