"""Labels and customs invoices live in private storage (never served by URL): the back
office streams them after checking access."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
