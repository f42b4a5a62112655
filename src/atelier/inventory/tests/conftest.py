import pytest

from atelier.inventory.tests.helpers import make_world


@pytest.fixture
def world(db):
    return make_world()
