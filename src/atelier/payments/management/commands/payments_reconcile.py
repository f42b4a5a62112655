from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.payments import services


class Command(BaseCommand):
    help = (
        "Ask the payment provider about payments still open after "
        "PAYMENTS_RECONCILE_AFTER_MINUTES (and refunds still pending there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="Payments per run.")

    def handle(self, *args, limit: int, **options):
        report = services.payments_reconcile(
            actor=system_actor("payments_reconcile command"), limit=limit
        )
        self.stdout.write(
            "Checked {checked} payment(s): {changed} changed, {flagged} flagged, "
            "{unreachable} unreachable; {refunds_checked} pending refund(s) checked, "
            "{refunds_changed} changed.".format(**report.as_dict())
        )
