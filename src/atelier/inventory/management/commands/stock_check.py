from django.core.management.base import BaseCommand

from atelier.core.actor import system_actor
from atelier.inventory.selectors import exceptions


class Command(BaseCommand):
    help = "Recompute stock levels from the moves and list every mismatch (exit 1 if any)."

    def handle(self, *args, **options):
        rows = exceptions.level_mismatches(system_actor("stock check"))
        for row in rows:
            self.stdout.write(
                f"{row.location_code} variant {row.variant_id}: level {row.on_hand} on hand / "
                f"{row.reserved} reserved, moves say {row.from_moves} / "
                f"{row.from_reservations} reserved"
            )
        self.stdout.write(f"{len(rows)} mismatch(es).")
        if rows:
            raise SystemExit(1)
