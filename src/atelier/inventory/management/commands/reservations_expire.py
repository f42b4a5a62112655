from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.inventory import services


class Command(BaseCommand):
    help = "Release unpaid stock reservations past their expiry (RESERVATION_TTL_MINUTES)."

    def handle(self, *args, **options):
        count = services.reservations_expire_due(actor=system_actor("reservation expiry"))
        self.stdout.write(f"{count} reservation(s) expired.")
