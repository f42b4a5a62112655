from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.production import services


class Command(BaseCommand):
    help = "E-mail the production managers about late purchase orders (once per PO per day)."

    def handle(self, *args, **options):
        sent = services.late_check(actor=system_actor("production late check"))
        self.stdout.write(f"{sent} late purchase order notice(s) queued.")
