from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "atelier.payments"
    label = "payments"
    verbose_name = "Payments"
