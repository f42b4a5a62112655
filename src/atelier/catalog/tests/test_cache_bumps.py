"""Every catalog write invalidates the cached catalog pages and API answers.

`core.cache.bump("catalog")` runs after commit; a refused write bumps nothing. The table
below must name every write service (a new one fails `test_every_write_service_is_listed`
until it is added here, and so until it bumps).
"""

import pytest
from django.core.cache import cache as django_cache
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.catalog import services
from atelier.catalog.enums import Visibility
from atelier.catalog.models import MenuItem, OptionGroup
from atelier.catalog.tests.factories import (
    MANAGER,
    AttributeFactory,
    AttributeValueFactory,
    CategoryFactory,
    CollectionFactory,
    MediaImageFactory,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
    glb_bytes,
    image_upload,
)
from atelier.core import cache
from atelier.core.errors import DomainError
from atelier.customers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

READS = {"publication_actions"}


@pytest.fixture(autouse=True)
def _empty_cache():
    django_cache.clear()


@pytest.fixture
def world():
    category = CategoryFactory()
    product = ProductFactory(category=category, made_to_order=True, lead_time_days=30)
    variant = VariantFactory(product=product)
    ProductImageFactory(product=product)
    group = services.option_group_create(product=product, code="fabric", name="F", actor=MANAGER)
    range_ = services.dimension_range_set(
        product=product, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    manual = CollectionFactory()
    private = CollectionFactory(visibility=Visibility.PRIVATE)
    rule = CollectionFactory(kind="rule")
    item = services.menu_item_create(kind="category", category=category, actor=MANAGER)
    return {
        "category": category,
        "product": product,
        "variant": variant,
        "group": group,
        "range": range_,
        "manual": manual,
        "private": private,
        "rule": rule,
        "item": item,
        "value": AttributeValueFactory(),
        "image": MediaImageFactory(),
    }


def _published(w):
    p = w["product"]
    services.product_submit_for_review(product=p, channel="online", actor=MANAGER)
    services.product_approve(product=p, channel="online", actor=MANAGER)
    return p


def _in_review(w):
    p = w["product"]
    services.product_submit_for_review(product=p, channel="online", actor=MANAGER)
    return p


def _pdf():
    return SimpleUploadedFile("guide.pdf", b"%PDF-1.7\n%...\n")


CASES = {
    "attribute_create": lambda w: services.attribute_create(
        name="Finish", slug="finish", actor=MANAGER
    ),
    "attribute_value_create": lambda w: services.attribute_value_create(
        attribute=AttributeFactory(), name="Oak", slug="oak", actor=MANAGER
    ),
    "category_create": lambda w: services.category_create(name="New", slug="new", actor=MANAGER),
    "category_save": lambda w: services.category_save(category=w["category"], actor=MANAGER),
    "category_update": lambda w: services.category_update(
        category=w["category"], name="Renamed", actor=MANAGER
    ),
    "collection_create": lambda w: services.collection_create(
        name="Summer", slug="summer", actor=MANAGER
    ),
    "collection_grant": lambda w: services.collection_grant(
        collection=w["private"], users=[UserFactory()], actor=MANAGER
    ),
    "collection_revoke": lambda w: services.collection_revoke(
        collection=w["private"], users=[UserFactory()], actor=MANAGER
    ),
    "collection_save": lambda w: services.collection_save(collection=w["manual"], actor=MANAGER),
    "collection_set_products": lambda w: services.collection_set_products(
        collection=w["manual"], products=[w["product"]], actor=MANAGER
    ),
    "collection_set_rule_values": lambda w: services.collection_set_rule_values(
        collection=w["rule"], values=[w["value"]], actor=MANAGER
    ),
    "collection_update": lambda w: services.collection_update(
        collection=w["manual"], visibility=Visibility.PRIVATE, actor=MANAGER
    ),
    "dimension_range_save": lambda w: services.dimension_range_save(row=w["range"], actor=MANAGER),
    "dimension_range_set": lambda w: services.dimension_range_set(
        product=w["product"], axis="width", min_cm="220", max_cm="260", actor=MANAGER
    ),
    "image_update_alt_text": lambda w: services.image_update_alt_text(
        image=w["image"], alt_text="A new description", actor=MANAGER
    ),
    "image_upload": lambda w: services.image_upload(
        file=image_upload(), alt_text="Aria sofa", actor=MANAGER
    ),
    "menu_item_create": lambda w: services.menu_item_create(
        kind="page", url="/about/", label="About", actor=MANAGER
    ),
    "menu_item_delete": lambda w: services.menu_item_delete(item=w["item"], actor=MANAGER),
    "menu_item_move": lambda w: services.menu_item_move(
        item=w["item"], parent=None, position=3, actor=MANAGER
    ),
    "menu_item_save": lambda w: services.menu_item_save(
        item=MenuItem.objects.get(pk=w["item"].pk), actor=MANAGER
    ),
    "model3d_upload": lambda w: services.model3d_upload(
        product=w["product"], file=SimpleUploadedFile("a.glb", glb_bytes()), actor=MANAGER
    ),
    "option_choice_create": lambda w: services.option_choice_create(
        group=w["group"], code="linen", name="Linen", actor=MANAGER
    ),
    "option_group_create": lambda w: services.option_group_create(
        product=w["product"], code="finish", name="Finish", actor=MANAGER
    ),
    "option_save": lambda w: services.option_save(
        obj=OptionGroup.objects.get(pk=w["group"].pk), actor=MANAGER
    ),
    "product_approve": lambda w: services.product_approve(
        product=_in_review(w), channel="online", actor=MANAGER
    ),
    "product_create": lambda w: services.product_create(
        name="Luce",
        slug="luce",
        manufacturer=w["product"].manufacturer,
        width_cm="40",
        depth_cm="40",
        height_cm="60",
        actor=MANAGER,
    ),
    "product_image_add": lambda w: services.product_image_add(
        product=w["product"], image=w["image"], actor=MANAGER
    ),
    "product_reject": lambda w: services.product_reject(
        product=_in_review(w), channel="online", reason="Photos", actor=MANAGER
    ),
    "product_save": lambda w: services.product_save(product=w["product"], actor=MANAGER),
    "product_submit_for_review": lambda w: services.product_submit_for_review(
        product=w["product"], channel="online", actor=MANAGER
    ),
    "product_unpublish": lambda w: services.product_unpublish(
        product=_published(w), channel="online", reason="Discontinued", actor=MANAGER
    ),
    "product_update": lambda w: services.product_update(
        product=w["product"], name="Aria II", actor=MANAGER
    ),
    "production_file_upload": lambda w: services.production_file_upload(
        product=w["product"], kind="assembly", file=_pdf(), actor=MANAGER
    ),
    "publication_transition": lambda w: services.publication_transition(
        product=w["product"], channel="boutiques", to_status="in_review", actor=MANAGER
    ),
    "variant_create": lambda w: services.variant_create(
        product=w["product"], sku="ARIA-NEW", actor=MANAGER
    ),
    "variant_save": lambda w: services.variant_save(variant=w["variant"], actor=MANAGER),
    "variant_update": lambda w: services.variant_update(
        variant=w["variant"], name="Walnut", actor=MANAGER
    ),
}


def test_every_write_service_is_listed():
    assert set(services.__all__) - READS == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_write_bumps_the_catalog_cache(world, name, django_capture_on_commit_callbacks):
    before = cache.version("catalog")

    with django_capture_on_commit_callbacks(execute=True):
        CASES[name](world)

    assert cache.version("catalog") > before


def test_a_refused_write_bumps_nothing(world, django_capture_on_commit_callbacks):
    before = cache.version("catalog")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError),
    ):
        services.variant_create(product=world["product"], sku="bad sku!", actor=MANAGER)

    assert callbacks == []
    assert cache.version("catalog") == before
