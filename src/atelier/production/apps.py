from django.apps import AppConfig


class ProductionConfig(AppConfig):
    name = "atelier.production"
    label = "production"
    verbose_name = "Production"
