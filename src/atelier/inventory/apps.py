from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "atelier.inventory"
    label = "inventory"
    verbose_name = "Inventory"
