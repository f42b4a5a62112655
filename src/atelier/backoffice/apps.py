from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "atelier.backoffice"
    label = "backoffice"
    verbose_name = "Back office"
