from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "atelier.quality"
    label = "quality"
    verbose_name = "Quality"
