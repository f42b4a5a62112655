import pytest
from django.core.cache import cache

from atelier.storefront.tests.shop import build_shop


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives a test's database: start and end every test without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def shop(db):
    return build_shop(30)
