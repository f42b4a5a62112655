import pytest
from django.core.cache import cache as django_cache

from atelier.core import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear():
    django_cache.clear()


def test_key_is_stable_until_bumped(django_capture_on_commit_callbacks):
    first = cache.key("catalog", "home", "EU")
    assert cache.key("catalog", "home", "EU") == first
    with django_capture_on_commit_callbacks(execute=True):
        cache.bump("catalog")
    assert cache.key("catalog", "home", "EU") != first


def test_bump_waits_for_commit(django_capture_on_commit_callbacks):
    before = cache.key("catalog", "x")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cache.bump("catalog")
    assert cache.key("catalog", "x") == before
    assert len(callbacks) == 1


def test_namespaces_are_independent(django_capture_on_commit_callbacks):
    other = cache.key("stock", "x")
    with django_capture_on_commit_callbacks(execute=True):
        cache.bump("catalog")
    assert cache.key("stock", "x") == other


def test_different_parts_give_different_keys():
    assert cache.key("catalog", "a", 1) != cache.key("catalog", "a", 2)
