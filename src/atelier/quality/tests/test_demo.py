import pytest

from atelier.catalog.tests.factories import CategoryFactory
from atelier.quality.demo import CHECKLISTS, load_quality_demo
from atelier.quality.models import Checklist, ChecklistItem

pytestmark = pytest.mark.django_db


def test_demo_checklists_for_each_demo_category_once():
    for slug in CHECKLISTS:
        CategoryFactory(slug=slug, name=slug.title())

    first = load_quality_demo()
    second = load_quality_demo()

    assert first["checklists"] == len(CHECKLISTS) == Checklist.objects.count()
    assert second == {"checklists": 0, "checklist items": 0}
    width = ChecklistItem.objects.get(checklist__name="Sofas", label="Width")
    assert (width.kind, width.dimension_key, str(width.tolerance)) == ("measure", "width", "0.50")
