import time

from django.core.management.base import BaseCommand

from atelier.core import outbox


class Command(BaseCommand):
    help = "Send due outbox messages (once, or every --interval seconds with --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            counts = outbox.dispatch_due()
            if any(counts.values()):
                self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
            if not loop:
                return
            time.sleep(interval)
