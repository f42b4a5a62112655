from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "atelier.storefront"
    label = "storefront"
