from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from atelier.catalog import services
from atelier.catalog.enums import Channel, CollectionKind, MenuItemKind, Visibility
from atelier.catalog.models import (
    Category,
    MediaImage,
    MenuItem,
    Model3D,
    Product,
    ProductionFile,
    ProductPublication,
    ProductVariant,
)
from atelier.catalog.tests.factories import (
    CUSTOMER,
    DESIGNER,
    MANAGER,
    AttributeValueFactory,
    CategoryFactory,
    ManufacturerFactory,
    ProductFactory,
    VariantFactory,
    glb_bytes,
    image_upload,
)
from atelier.core.errors import PermissionDenied, ValidationFailed

pytestmark = pytest.mark.django_db


def _product(**overrides):
    fields = {
        "name": "Aria sofa",
        "slug": "aria-sofa",
        "manufacturer": ManufacturerFactory(),
        "width_cm": "240",
        "depth_cm": "100",
        "height_cm": "80",
        "actor": MANAGER,
    }
    return services.product_create(**{**fields, **overrides})


# --- Products ----------------------------------------------------------------------
def test_product_create_sanitises_rich_text_and_opens_a_draft_per_channel():
    product = _product(description='<p onclick="steal()">Deep <script>alert(1)</script>seat</p>')

    assert product.description == "<p>Deep seat</p>"
    assert product.width_cm == Decimal("240")
    assert set(
        ProductPublication.objects.filter(product=product).values_list("channel", "status")
    ) == {
        (Channel.ONLINE, "draft"),
        (Channel.BOUTIQUES, "draft"),
    }


def test_product_links_keep_only_safe_schemes():
    product = _product(description='<a href="javascript:alert(1)">x</a><a href="https://a.b">y</a>')
    assert "javascript" not in product.description
    assert 'href="https://a.b"' in product.description


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"width_cm": "0"}, "width_cm: must be above 0."),
        ({"depth_cm": "-5"}, "depth_cm: must be above 0."),
        ({"height_cm": "tall"}, "height_cm: 'tall' is not a number."),
        ({"made_to_order": True}, "lead_time_days: a made-to-order product needs a lead time."),
    ],
)
def test_product_create_refuses_bad_input(overrides, message):
    with pytest.raises(ValidationFailed) as exc:
        _product(**overrides)
    assert exc.value.message == message
    assert not Product.objects.exists()


def test_product_slug_must_be_unique():
    _product()
    with pytest.raises(ValidationFailed, match="already used"):
        _product(name="Other")
    assert Product.objects.count() == 1


def test_customer_cannot_create_products():
    with pytest.raises(PermissionDenied):
        _product(actor=CUSTOMER)
    assert not Product.objects.exists()


def test_product_update_records_history():
    product = _product()
    services.product_update(product=product, materials="Oak", actor=MANAGER)
    assert product.history.count() == 2
    assert product.history.first().materials == "Oak"


# --- Variants ----------------------------------------------------------------------
def test_duplicate_sku_is_refused_and_nothing_is_written():
    product = ProductFactory()
    services.variant_create(product=product, sku="ARIA-240-WAL", actor=MANAGER)
    with pytest.raises(ValidationFailed) as exc:
        services.variant_create(product=product, sku="ARIA-240-WAL", actor=MANAGER)
    assert exc.value.code == "duplicate_sku"
    assert ProductVariant.objects.count() == 1


@pytest.mark.parametrize("barcode", ["4006381333932", "400638133393", "12345"])
def test_barcode_must_be_a_valid_gtin(barcode):
    with pytest.raises(ValidationFailed) as exc:
        services.variant_create(product=ProductFactory(), sku="A-1", barcode=barcode, actor=MANAGER)
    assert exc.value.code == "invalid_barcode"


def test_valid_barcode_is_kept_and_cannot_be_reused():
    product = ProductFactory()
    variant = services.variant_create(
        product=product, sku="A-1", barcode="4006381333931", actor=MANAGER
    )
    assert variant.barcode == "4006381333931"
    with pytest.raises(ValidationFailed) as exc:
        services.variant_create(product=product, sku="A-2", barcode="4006381333931", actor=MANAGER)
    assert exc.value.code == "duplicate_barcode"


def test_variant_takes_one_value_per_attribute():
    walnut = AttributeValueFactory(attribute__slug="colour", slug="walnut")
    oak = AttributeValueFactory(attribute=walnut.attribute, slug="oak")
    with pytest.raises(ValidationFailed, match="one Colour"):
        services.variant_create(
            product=ProductFactory(), sku="A-1", values=[walnut, oak], actor=MANAGER
        )
    assert not ProductVariant.objects.exists()


def test_variant_with_values():
    walnut = AttributeValueFactory(attribute__slug="colour", slug="walnut")
    large = AttributeValueFactory(attribute__slug="size", slug="large")
    variant = services.variant_create(
        product=ProductFactory(), sku="A-1", values=[walnut, large], actor=MANAGER
    )
    assert set(variant.values.all()) == {walnut, large}


# --- Options and dimensions --------------------------------------------------------
def test_dimension_range_min_above_max_is_refused():
    product = ProductFactory(made_to_order=True, lead_time_days=56)
    with pytest.raises(ValidationFailed) as exc:
        services.dimension_range_set(
            product=product, axis="width", min_cm="300", max_cm="200", actor=MANAGER
        )
    assert exc.value.message == "width: the minimum (300 cm) is above the maximum (200 cm)."


def test_dimension_range_must_include_the_standard_size():
    product = ProductFactory(made_to_order=True, lead_time_days=56)
    with pytest.raises(ValidationFailed, match=r"must include the standard 240\.0 cm"):
        services.dimension_range_set(
            product=product, axis="width", min_cm="250", max_cm="300", actor=MANAGER
        )


def test_only_made_to_order_products_take_custom_dimensions():
    with pytest.raises(ValidationFailed, match="Only made-to-order"):
        services.dimension_range_set(
            product=ProductFactory(), axis="width", min_cm="200", max_cm="300", actor=MANAGER
        )


def test_option_codes_are_unique_per_product():
    product = ProductFactory(made_to_order=True, lead_time_days=56)
    group = services.option_group_create(
        product=product, code="fabric", name="Fabric", actor=MANAGER
    )
    services.option_choice_create(group=group, code="mohair", name="Mohair", actor=MANAGER)
    with pytest.raises(ValidationFailed):
        services.option_choice_create(group=group, code="mohair", name="Again", actor=MANAGER)
    with pytest.raises(ValidationFailed):
        services.option_group_create(product=product, code="fabric", name="F", actor=MANAGER)


# --- Media -------------------------------------------------------------------------
def test_image_upload_stores_the_same_bytes_once():
    first = services.image_upload(file=image_upload(), alt_text="Aria sofa", actor=MANAGER)
    again = services.image_upload(file=image_upload("copy.png"), alt_text="Again", actor=MANAGER)

    assert again.pk == first.pk
    assert (first.width, first.height) == (1200, 900)
    assert first.file.name == f"catalog/images/{first.sha256[:2]}/{first.sha256}.png"
    assert MediaImage.objects.count() == 1


def test_image_upload_requires_alt_text():
    with pytest.raises(ValidationFailed, match="alt text is required"):
        services.image_upload(file=image_upload(), alt_text="  ", actor=MANAGER)


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("photo.jpg", b"<?php echo 'not an image'; ?>"),
        SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),  # truncated
        SimpleUploadedFile("photo.jpg", b""),
    ],
)
def test_image_upload_checks_content_not_extension(upload):
    with pytest.raises(ValidationFailed):
        services.image_upload(file=upload, alt_text="Sofa", actor=MANAGER)
    assert not MediaImage.objects.exists()


def test_gif_images_are_refused():
    with pytest.raises(ValidationFailed, match="JPEG, PNG or WebP"):
        services.image_upload(file=image_upload("a.gif", fmt="GIF"), alt_text="x", actor=MANAGER)


def test_glb_upload_is_checked_by_content():
    product = ProductFactory()
    model = services.model3d_upload(
        product=product, file=SimpleUploadedFile("aria.glb", glb_bytes()), actor=MANAGER
    )
    assert model.size_bytes == len(glb_bytes())

    for bad in (glb_bytes(extra_length=8), image_upload("fake.glb").read(), b"glTF"):
        with pytest.raises(ValidationFailed):
            services.model3d_upload(
                product=product, file=SimpleUploadedFile("x.glb", bad), actor=MANAGER
            )
    assert Model3D.objects.count() == 1


def test_glb_size_limit(settings):
    settings.CATALOG_MAX_GLB_BYTES = 10
    with pytest.raises(ValidationFailed, match="the limit is"):
        services.model3d_upload(
            product=ProductFactory(), file=SimpleUploadedFile("a.glb", glb_bytes()), actor=MANAGER
        )


def test_production_files_are_checked_by_kind_and_content():
    product = ProductFactory()
    pdf = SimpleUploadedFile("guide.pdf", b"%PDF-1.7\n%...\n")
    row = services.production_file_upload(
        product=product, kind="assembly", file=pdf, title="Assembly guide", actor=MANAGER
    )
    assert row.sha256
    assert row.size_bytes == 14

    with pytest.raises(ValidationFailed, match="a render must be image"):
        services.production_file_upload(
            product=product,
            kind="render",
            file=SimpleUploadedFile("r.pdf", b"%PDF-1.7"),
            actor=MANAGER,
        )
    with pytest.raises(ValidationFailed, match="Production files must be"):
        services.production_file_upload(
            product=product,
            kind="cad",
            file=SimpleUploadedFile("x.dwg", b"MZ\x90\x00 exe"),
            actor=MANAGER,
        )
    assert ProductionFile.objects.count() == 1


# --- Collections -------------------------------------------------------------------
def test_private_collections_must_be_hand_picked():
    with pytest.raises(ValidationFailed, match="hand-picked"):
        services.collection_create(
            name="Atelier 1",
            slug="atelier-1",
            visibility=Visibility.PRIVATE,
            kind=CollectionKind.RULE,
            actor=MANAGER,
        )


def test_collection_video_must_be_https_and_a_real_video():
    with pytest.raises(ValidationFailed, match="https"):
        services.collection_create(
            name="A", slug="a", video_url="http://videos.example/x", actor=MANAGER
        )
    with pytest.raises(ValidationFailed, match="MP4 or WebM"):
        services.collection_create(
            name="A",
            slug="a",
            video=SimpleUploadedFile("a.mp4", b"not a video at all"),
            actor=MANAGER,
        )


def test_only_private_collections_take_grants():
    collection = services.collection_create(name="A", slug="a", actor=MANAGER)
    with pytest.raises(ValidationFailed):
        services.collection_grant(collection=collection, users=[], actor=MANAGER)


def test_designer_edits_but_customer_cannot():
    services.collection_create(name="A", slug="a", actor=DESIGNER)
    with pytest.raises(PermissionDenied):
        services.collection_create(name="B", slug="b", actor=CUSTOMER)


# --- Categories and menu -----------------------------------------------------------
def test_category_paths_follow_moves_and_refuse_cycles():
    living = services.category_create(name="Living", slug="living", actor=MANAGER)
    sofas = services.category_create(name="Sofas", slug="sofas", parent=living, actor=MANAGER)
    corner = services.category_create(name="Corner", slug="corner", parent=sofas, actor=MANAGER)
    assert corner.path == f"{living.pk}/{sofas.pk}/{corner.pk}/"

    with pytest.raises(ValidationFailed, match="under itself"):
        services.category_update(category=living, parent=corner, actor=MANAGER)

    services.category_update(category=sofas, parent=None, actor=MANAGER)
    corner.refresh_from_db()
    assert corner.path == f"{sofas.pk}/{corner.pk}/"
    assert corner.depth == 1


def test_menu_items_link_exactly_one_target():
    category = CategoryFactory()
    with pytest.raises(ValidationFailed):
        services.menu_item_create(kind=MenuItemKind.PAGE, url="javascript:x", actor=MANAGER)
    with pytest.raises(ValidationFailed):
        services.menu_item_create(kind=MenuItemKind.COLLECTION, category=category, actor=MANAGER)
    item = services.menu_item_create(kind=MenuItemKind.CATEGORY, category=category, actor=MANAGER)
    assert item.position == 0


def test_menu_item_move_renumbers_siblings():
    a = services.menu_item_create(kind="page", label="A", url="/a/", actor=MANAGER)
    b = services.menu_item_create(kind="page", label="B", url="/b/", actor=MANAGER)
    c = services.menu_item_create(kind="page", label="C", url="/c/", actor=MANAGER)
    services.menu_item_move(item=c, parent=None, position=0, actor=MANAGER)
    assert list(MenuItem.objects.order_by("position").values_list("label", flat=True)) == [
        "C",
        "A",
        "B",
    ]
    services.menu_item_move(item=b, parent=a, position=0, actor=MANAGER)
    b.refresh_from_db()
    assert b.parent == a
    with pytest.raises(ValidationFailed, match="under itself"):
        services.menu_item_move(item=a, parent=b, position=0, actor=MANAGER)


def test_category_factory_tree():
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    assert Category.objects.get(pk=child.pk).path == f"{root.pk}/{child.pk}/"
    assert VariantFactory().product.publications.count() == 2
