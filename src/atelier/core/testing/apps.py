from django.apps import AppConfig


class CoreTestingConfig(AppConfig):
    name = "atelier.core.testing"
    label = "core_testing"
    verbose_name = "Core (test only)"
    default_auto_field = "django.db.models.BigAutoField"
