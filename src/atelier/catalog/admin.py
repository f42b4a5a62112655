"""Back-office admin for the e-commerce manager. Thin: saves and actions call services;
publication status is read-only and moves only through the actions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from atelier.accounts.actors import actor_for
from atelier.catalog import services
from atelier.catalog.enums import Channel
from atelier.catalog.images import responsive_image
from atelier.catalog.models import (
    Attribute,
    AttributeValue,
    Category,
    Collection,
    CollectionProduct,
    DimensionRange,
    MediaImage,
    MenuItem,
    Model3D,
    OptionChoice,
    OptionGroup,
    Product,
    ProductImage,
    ProductionFile,
    ProductPublication,
    ProductVariant,
)
from atelier.core.errors import DomainError


def _run(modeladmin, request, queryset, label, call):
    """Apply a service to each selected row; report successes and refusals."""
    done = 0
    for obj in queryset:
        try:
            call(obj, actor_for(request.user))
            done += 1
        except DomainError as exc:
            modeladmin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{label}: {done} done.", messages.SUCCESS)


class DomainErrorsAsMessages:
    """A service's refusal rolls the whole form back and comes back as a message, not a 500."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ServiceSaveMixin(DomainErrorsAsMessages):
    """Admin saves go through a service (`save_service(obj, actor)`)."""

    save_service = None

    def save_model(self, request, obj, form, change):
        type(self).save_service(obj, actor_for(request.user))


# --- Inlines -----------------------------------------------------------------------
class VariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ["sku", "barcode", "name", "position", "is_active"]
    show_change_link = True


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    autocomplete_fields = ["image"]
    fields = ["image", "variant", "position"]


class PublicationInline(admin.TabularInline):
    model = ProductPublication
    extra = 0
    can_delete = False
    fields = readonly_fields = ["channel", "status", "published_at"]

    def has_add_permission(self, request, obj=None):
        return False


class OptionGroupInline(admin.TabularInline):
    model = OptionGroup
    extra = 0
    fields = ["code", "name", "kind", "required", "position"]
    show_change_link = True


class DimensionRangeInline(admin.TabularInline):
    model = DimensionRange
    extra = 0


class Model3DInline(admin.TabularInline):
    model = Model3D
    extra = 0
    fields = ["file", "label", "position", "size_bytes"]
    readonly_fields = ["size_bytes"]


class ProductionFileInline(admin.TabularInline):
    model = ProductionFile
    extra = 0
    fields = ["kind", "title", "file", "size_bytes"]
    readonly_fields = ["size_bytes"]


# --- Products ----------------------------------------------------------------------
def _publication_action(name: str, label: str, call):
    def action(modeladmin, request, queryset):
        _run(modeladmin, request, queryset, label, call)

    action.__name__ = name
    action.short_description = label
    return action


def _channels(service, **extra):
    def call(product, actor):
        for channel in Channel.values:
            service(product=product, channel=channel, actor=actor, **extra)

    return call


@admin.register(Product)
class ProductAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    save_service = staticmethod(lambda obj, actor: services.product_save(product=obj, actor=actor))
    list_display = ["name", "slug", "manufacturer", "category", "made_to_order", "statuses"]
    list_filter = ["made_to_order", "manufacturer", "category", "publications__status"]
    search_fields = ["name", "slug", "materials", "variants__sku"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["manufacturer", "category"]
    list_select_related = ["manufacturer", "category"]
    inlines = [
        PublicationInline,
        VariantInline,
        ProductImageInline,
        OptionGroupInline,
        DimensionRangeInline,
        Model3DInline,
        ProductionFileInline,
    ]
    actions = [
        _publication_action(
            "submit_for_review",
            "Submit for review (all channels)",
            _channels(services.product_submit_for_review),
        ),
        _publication_action(
            "approve", "Approve and publish (all channels)", _channels(services.product_approve)
        ),
        _publication_action(
            "unpublish",
            "Unpublish (all channels)",
            _channels(services.product_unpublish, reason="Unpublished in admin"),
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("publications")

    @admin.display(description="Publication")
    def statuses(self, obj):
        return ", ".join(f"{p.channel}: {p.get_status_display()}" for p in obj.publications.all())

    def save_formset(self, request, form, formset, change):
        """Inline rows are saved through their services too."""
        instances = formset.save(commit=False)
        actor = actor_for(request.user)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            _save_inline(obj, actor)
        formset.save_m2m()


def _save_inline(obj, actor):
    if isinstance(obj, ProductVariant):
        services.variant_save(variant=obj, actor=actor)
    elif isinstance(obj, DimensionRange):
        services.dimension_range_save(row=obj, actor=actor)
    elif isinstance(obj, OptionGroup | OptionChoice):
        services.option_save(obj=obj, actor=actor)
    elif isinstance(obj, Model3D | ProductionFile):
        _save_upload(obj, actor)
    else:
        services._common.require(actor)
        obj.save()


def _save_upload(obj, actor):
    if obj.pk:  # an edit of the label or title only
        services._common.require(actor)
        obj.save()
    elif isinstance(obj, Model3D):
        services.model3d_upload(
            product=obj.product, file=obj.file.file, label=obj.label, actor=actor
        )
    else:
        services.production_file_upload(
            product=obj.product, kind=obj.kind, file=obj.file.file, title=obj.title, actor=actor
        )


@admin.register(ProductVariant)
class VariantAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    save_service = staticmethod(lambda obj, actor: services.variant_save(variant=obj, actor=actor))
    list_display = ["sku", "product", "name", "barcode", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["sku", "barcode", "product__name"]
    autocomplete_fields = ["product"]
    list_select_related = ["product"]


@admin.register(OptionGroup)
class OptionGroupAdmin(ServiceSaveMixin, admin.ModelAdmin):
    save_service = staticmethod(lambda obj, actor: services.option_save(obj=obj, actor=actor))
    list_display = ["name", "code", "product", "kind", "required"]
    search_fields = ["name", "code", "product__name"]
    autocomplete_fields = ["product"]

    class ChoiceInline(admin.TabularInline):
        model = OptionChoice
        extra = 0
        autocomplete_fields = ["swatch"]

    inlines = [ChoiceInline]

    def save_formset(self, request, form, formset, change):
        ProductAdmin.save_formset(self, request, form, formset, change)


@admin.register(Attribute)
class AttributeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    class ValueInline(admin.TabularInline):
        model = AttributeValue
        extra = 0
        prepopulated_fields = {"slug": ["name"]}

    inlines = [ValueInline]


@admin.register(Category)
class CategoryAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    save_service = staticmethod(
        lambda obj, actor: services.category_save(category=obj, actor=actor)
    )
    list_display = ["name", "slug", "parent", "position", "is_active"]
    list_filter = ["is_active", "depth"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "image"]


@admin.register(MenuItem)
class MenuItemAdmin(ServiceSaveMixin, admin.ModelAdmin):
    save_service = staticmethod(lambda obj, actor: services.menu_item_save(item=obj, actor=actor))
    list_display = ["__str__", "menu", "parent", "position", "kind"]
    list_editable = ["position"]
    list_filter = ["menu", "kind"]
    autocomplete_fields = ["category", "collection", "parent"]
    search_fields = ["label", "url"]


class CollectionProductInline(admin.TabularInline):
    model = CollectionProduct
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Collection)
class CollectionAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    save_service = staticmethod(
        lambda obj, actor: services.collection_save(collection=obj, actor=actor)
    )
    list_display = ["name", "slug", "kind", "visibility", "max_quantity", "is_active"]
    list_filter = ["kind", "visibility", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["hero_image", "rule_category", "rule_manufacturer"]
    filter_horizontal = ["granted_users", "granted_groups", "rule_values"]
    inlines = [CollectionProductInline]


@admin.register(MediaImage)
class MediaImageAdmin(DomainErrorsAsMessages, admin.ModelAdmin):
    list_display = ["preview", "alt_text", "width", "height", "created_at"]
    search_fields = ["alt_text"]
    readonly_fields = ["width", "height", "sha256"]

    @admin.display(description="Image")
    def preview(self, obj):
        card = responsive_image(obj, "swatch")
        return format_html('<img src="{}" alt="{}" width="64">', card.src, card.alt)

    def save_model(self, request, obj, form, change):
        actor = actor_for(request.user)
        if change:
            services.image_update_alt_text(image=obj, alt_text=obj.alt_text, actor=actor)
        else:
            saved = services.image_upload(file=obj.file.file, alt_text=obj.alt_text, actor=actor)
            obj.pk, obj.file = saved.pk, saved.file
