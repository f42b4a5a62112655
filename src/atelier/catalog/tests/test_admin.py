import pytest
from django.urls import reverse

from atelier.catalog.enums import PublicationStatus
from atelier.catalog.models import ProductPublication
from atelier.catalog.tests.factories import ProductFactory, ProductImageFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, django_user_model):
    """A staff user with every permission (not a superuser, so no TOTP set-up step)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        email="shop@example.com", password="x" * 12, is_staff=True, kind="staff"
    )
    user.user_permissions.set(Permission.objects.all())
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    ["catalog_product", "catalog_productvariant", "catalog_collection", "catalog_category",
     "catalog_menuitem", "catalog_mediaimage", "pricing_pricelist", "pricing_priceentry",
     "pricing_taxrate", "customers_customergroup"],
)  # fmt: skip
def test_admin_pages_open(admin_client_, name):
    ProductImageFactory(product=VariantFactory().product)
    assert admin_client_.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert admin_client_.get(reverse(f"admin:{name}_add")).status_code == 200


def test_admin_actions_go_through_the_publication_services(admin_client_):
    product = ProductFactory()
    VariantFactory(product=product)
    ProductImageFactory(product=product)
    url = reverse("admin:catalog_product_changelist")
    for action in ("submit_for_review", "approve"):
        admin_client_.post(url, {"action": action, "_selected_action": [product.pk]})
    statuses = set(ProductPublication.objects.values_list("status", flat=True))
    assert statuses == {PublicationStatus.PUBLISHED}
    response = admin_client_.post(
        url, {"action": "approve", "_selected_action": [product.pk]}, follow=True
    )
    assert "Cannot move from" in response.content.decode()


def test_a_refused_admin_save_is_a_message_not_a_500(admin_client_):
    product = ProductFactory()
    response = admin_client_.post(
        reverse("admin:catalog_productvariant_add"),
        {"product": product.pk, "sku": "ARIA-1", "barcode": "12345", "position": "0"},
        follow=True,
    )
    assert response.status_code == 200
    assert "is not a valid GTIN" in response.content.decode()
    assert not product.variants.exists()
