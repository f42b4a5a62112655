from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "atelier.tracking"
    label = "tracking"
    verbose_name = "Order tracking"
