from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "atelier.customers"
    label = "customers"
    verbose_name = "Customers"
