"""Reads added for the storefront: variant ids per product, and which field a
configuration error is about (so pages can show it next to the field)."""

import pytest

from atelier.catalog import selectors, services
from atelier.catalog.facade import validate_configuration
from atelier.catalog.tests.factories import MANAGER, ProductFactory, VariantFactory
from atelier.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_variant_ids_by_product_lists_active_variants_in_one_query(
    django_assert_num_queries,
):
    sofa, chair, bare = ProductFactory.create_batch(3)
    a, b = VariantFactory(product=sofa), VariantFactory(product=sofa)
    VariantFactory(product=sofa, is_active=False)
    c = VariantFactory(product=chair)

    with django_assert_num_queries(1):
        result = selectors.variant_ids_by_product([sofa.pk, chair.pk, bare.pk])

    assert result == {sofa.pk: (a.pk, b.pk), chair.pk: (c.pk,)}


@pytest.fixture
def sofa():
    product = ProductFactory(made_to_order=True, lead_time_days=42)
    fabric = services.option_group_create(
        product=product, code="fabric", name="Fabric", actor=MANAGER
    )
    services.option_choice_create(group=fabric, code="linen", name="Linen", actor=MANAGER)
    services.dimension_range_set(
        product=product, axis="width", min_cm="200", max_cm="300", actor=MANAGER
    )
    return product


@pytest.mark.parametrize(
    ("options", "dimensions", "field", "code"),
    [
        ({"fabric": "linen"}, {"width": "320"}, "width", "dimension_out_of_range"),
        ({"fabric": "linen"}, {"width": "abc"}, "width", "validation_failed"),
        ({"fabric": "linen"}, {"width": "-3"}, "width", "dimension"),
        ({"fabric": "linen"}, {"depth": "120"}, "depth", "dimension_fixed"),
        ({}, None, "fabric", "option_required"),
        ({"fabric": "silk"}, None, "fabric", "unknown_choice"),
        ({"fabric": "linen", "legs": "oak"}, None, "legs", "unknown_option"),
    ],
)
def test_configuration_errors_name_their_field(sofa, options, dimensions, field, code):
    with pytest.raises(ValidationFailed) as error:
        validate_configuration(sofa.pk, options, dimensions)

    assert error.value.details == {"field": field}
    assert error.value.code == code
