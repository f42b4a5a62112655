"""Inspection photos live in private storage (never served by URL): the back office and
the portal stream them after checking access."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
