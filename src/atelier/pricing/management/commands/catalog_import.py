"""manage.py catalog_import FILE.csv [--dry-run] [--as EMAIL]: all rows or none."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from atelier.accounts.actors import actor_for
from atelier.core.actor import system_actor
from atelier.pricing.services.catalog_csv import catalog_csv_import


class Command(BaseCommand):
    help = "Import products, variants and prices from a CSV file (nothing if any row is bad)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--as", dest="email", help="Act as this user (default: system).")

    def handle(self, *args, path, dry_run, email, **options):
        actor = system_actor("catalog_import")
        if email:
            user = get_user_model().objects.filter(email=email.lower()).first()
            if user is None:
                raise CommandError(f"No user {email}.")
            actor = actor_for(user)
        with open(path, newline="", encoding="utf-8-sig") as file:
            report = catalog_csv_import(file=file, actor=actor, dry_run=dry_run)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(f"{len(report.errors)} problem(s); nothing was imported.")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{report.rows} rows OK; {verb} {report.variants} variants, {report.prices} prices."
        )
