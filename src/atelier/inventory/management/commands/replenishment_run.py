from datetime import date

from django.core.management.base import BaseCommand, CommandError

from atelier.core.actor import system_actor
from atelier.core.errors import DomainError
from atelier.inventory import services


class Command(BaseCommand):
    help = "Propose transfers (warehouse -> boutiques) and purchases from the replenishment rules."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from None
        try:
            result = services.replenishment_run(
                actor=system_actor("replenishment run"), today=today
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(str(result))
