from django.apps import AppConfig


class SalesConfig(AppConfig):
    name = "atelier.sales"
    label = "sales"
    verbose_name = "Sales"

    def ready(self) -> None:
        # Thin allauth receivers: each only calls a service (see receivers.py).
        from atelier.sales import receivers

        receivers.connect()
