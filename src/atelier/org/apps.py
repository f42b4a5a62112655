from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "atelier.org"
    label = "org"
    verbose_name = "Organisation"
