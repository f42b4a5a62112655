"""Where catalog files live: public media for images, videos and 3D models; private
storage (settings.STORAGES["private"], never served by URL) for production files."""

from django.core.files.storage import storages


def private_storage():
    return storages["private"]
