"""`manage.py load_demo`: load the demo company (idempotent; refused in production)."""

import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from atelier.core.errors import DomainError
from atelier.demo.loader import load_demo

# One line per generated thumbnail (hundreds on a first load) says nothing useful here.
QUIET_LOGGERS = ("celery.app.trace",)


class Command(BaseCommand):
    help = (
        "Load the demo company: regions, boutiques, warehouse, workshops, one login per "
        "role, and the catalog with its prices (DEMO_MEDIA=full|small|none for pictures)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            with _quiet(*QUIET_LOGGERS):
                ctx = load_demo()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded: ") + ctx.summary() + f". ({seconds:.1f} s)"
        )


@contextmanager
def _quiet(*names: str):
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
