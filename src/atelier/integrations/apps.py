from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "atelier.integrations"
    label = "integrations"
    verbose_name = "Integrations (offline providers)"
