from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "atelier.pricing"
    label = "pricing"
    verbose_name = "Pricing"
