"""Files of purchase orders live in private storage (never served by URL); they are read
through access-checked views."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
