"""manage.py catalog_export [FILE.csv]: products, variants, standing prices (default stdout)."""

import sys

from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.pricing.services.catalog_csv import catalog_csv_export


class Command(BaseCommand):
    help = "Export products, variants and prices as CSV (the format catalog_import reads)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default="-")

    def handle(self, *args, path, **options):
        actor = system_actor("catalog_export")
        if path == "-":
            count = catalog_csv_export(file=sys.stdout, actor=actor)
        else:
            with open(path, "w", newline="", encoding="utf-8") as file:
                count = catalog_csv_export(file=file, actor=actor)
            self.stderr.write(f"{count} variants written to {path}.")
