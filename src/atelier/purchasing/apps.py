from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "atelier.purchasing"
    label = "purchasing"
    verbose_name = "Purchasing"
