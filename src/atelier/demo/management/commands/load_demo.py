"""`manage.py load_demo`: load the demo company (idempotent; refused in production)."""

from django.core.management.base import BaseCommand, CommandError

from atelier.core.errors import DomainError
from atelier.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo company: regions, boutiques, warehouse, workshops, one login per role."

    def handle(self, *args, **options):
        try:
            ctx = load_demo()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS("Demo data loaded: ") + ctx.summary() + ".")
