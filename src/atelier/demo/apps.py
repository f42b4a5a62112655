from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "atelier.demo"
    label = "demo"
    verbose_name = "Demo data"
