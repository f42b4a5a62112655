from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.inventory import services


class Command(BaseCommand):
    help = "Create the stock locations of new warehouses and boutiques, and the virtual ones."

    def handle(self, *args, **options):
        created = services.locations_sync(actor=system_actor("location sync"))
        self.stdout.write(f"{len(created)} location(s) created.")
