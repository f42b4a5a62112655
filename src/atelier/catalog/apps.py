from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "atelier.catalog"
    label = "catalog"
    verbose_name = "Catalog"
