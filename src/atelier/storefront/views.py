"""Customer pages. Views are thin: they read the request, call catalog selectors and the
pricing/inventory facades, and render.

Catalog content is rendered into fragments without the request (so no CSRF token and
nothing personal can be inside) and cached for visitors who see the public catalog
(`storefront.caching`); stock labels and the live price go into slots per request.
"""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from atelier.catalog.enums import Availability, Visibility
from atelier.catalog.selectors import (
    ProductFilters,
    category_breadcrumbs,
    category_tree,
    collection_list,
    get_category_for,
    get_collection_for,
    get_product_for,
    product_detail,
    product_listing,
)
from atelier.core.errors import DomainError, NotFound
from atelier.org.selectors import boutiques_for_storefront
from atelier.pricing import facade as pricing
from atelier.storefront import availability, configurator, listing
from atelier.storefront.caching import cached
from atelier.storefront.cart_views import add_to_cart_slot
from atelier.storefront.regions import current_region, find_region, remember
from atelier.storefront.slots import fill

FEATURED_COLLECTIONS = 7  # one as the hero, six as cards
NEW_ARRIVALS = 4
MAX_QUERY = 100


def storefront_view(view):
    """GET/HEAD only; hidden or missing rows are 404; bad parameters a clear 400."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error
        except listing.BadParams as error:
            return bad_request(request, error.message)

    return wrapper


def bad_request(request, message: str) -> HttpResponse:
    return render(request, "storefront/bad_request.html", {"message": message}, status=400)


def _code(region) -> str | None:
    return region.code if region else None


def _page(request, data: dict, slots: dict[str, str] | None = None) -> HttpResponse:
    """A cached fragment in the site's shell, its slots filled for this request."""
    return render(
        request, "storefront/page.html", {"page": data, "body": fill(data["html"], slots or {})}
    )


# --- Home -----------------------------------------------------------------------------


@storefront_view
def home(request):
    region, actor = current_region(request), request.actor

    def build() -> dict:
        collections = collection_list(actor)[:FEATURED_COLLECTIONS]
        hero = next((c for c in collections if c.hero_image_id), None)
        arrivals = _arrivals(actor, region)
        html = render_to_string(
            "storefront/fragments/home.html",
            {
                "hero": hero,
                "featured_collections": [c for c in collections if c != hero][:6],
                "arrivals": arrivals,
                "region": region,
            },
        )
        return {"html": html, "product_ids": [card.product.pk for card in arrivals]}

    data = cached(request, "home", (_code(region),), build)
    return render(
        request,
        "storefront/home.html",
        {
            "boutiques": list(boutiques_for_storefront()),
            "featured": fill(
                data["html"], availability.product_slots(data["product_ids"], _code(region))
            ),
        },
    )


def _arrivals(actor, region) -> list:
    prices = pricing.price_source(region.code) if region else None
    try:
        return product_listing(actor, per_page=NEW_ARRIVALS, prices=prices).items
    except DomainError:  # the region's price list cannot price: show them unpriced
        return product_listing(actor, per_page=NEW_ARRIVALS).items


# --- Listings: category, collection, search --------------------------------------------


def _listing_data(request, name, key, build) -> dict:
    """Cached unless it depends on live stock (the "in stock" filter)."""
    params = request.listing_params
    if params.availability == Availability.IN_STOCK:
        return build()
    return cached(request, name, (*key, _code(current_region(request)), params.key()), build)


def _listing_context(request, result: listing.Listing, path: str, extra=None) -> dict:
    region = current_region(request)
    currency = region.currency if region else None
    return {
        "listing": result,
        "region": region,
        "path": path,
        "links": listing.links(result, path, currency, extra),
        "availabilities": Availability.choices,
    }


def _read_params(request) -> listing.Params:
    params = listing.parse(request.GET, priced=current_region(request) is not None)
    request.listing_params = params
    return params


@storefront_view
def category(request, slug):
    params, actor, region = _read_params(request), request.actor, current_region(request)

    def build() -> dict:
        node = get_category_for(actor, slug)
        path = reverse("storefront:category", args=[slug])
        result = listing.build(actor, ProductFilters(category=slug), params, _code(region))
        context = _listing_context(request, result, path)
        context.update(
            category=node,
            breadcrumbs=category_breadcrumbs(node)[:-1],
            subcategories=listing.children(category_tree(actor), node.pk),
        )
        return {
            "html": render_to_string("storefront/fragments/category.html", context),
            "title": listing.title(node.name, params),
            "description": node.description or f"{node.name} made to order by Atelier.",
            "canonical": listing.canonical(path, params),
            "image": node.image,
            "product_ids": [card.product.pk for card in result.page.items],
        }

    data = _listing_data(request, "category", (slug,), build)
    return _page(request, data, availability.product_slots(data["product_ids"], _code(region)))


@storefront_view
def collection(request, slug):
    params, actor, region = _read_params(request), request.actor, current_region(request)

    def build() -> dict:
        row = get_collection_for(actor, slug)
        path = reverse("storefront:collection", args=[slug])
        result = listing.build(actor, ProductFilters(collection=slug), params, _code(region))
        context = _listing_context(request, result, path)
        context.update(collection=row, video=_video(row))
        return {
            "html": render_to_string("storefront/fragments/collection.html", context),
            "title": listing.title(row.name, params),
            "description": row.description or f"The {row.name} collection by Atelier.",
            "canonical": listing.canonical(path, params),
            "image": row.hero_image,
            "noindex": row.visibility == Visibility.PRIVATE,
            "product_ids": [card.product.pk for card in result.page.items],
        }

    data = _listing_data(request, "collection", (slug,), build)
    return _page(request, data, availability.product_slots(data["product_ids"], _code(region)))


VIDEO_FILES = (".mp4", ".webm", ".m4v", ".mov")


def _video(row) -> dict | None:
    """The collection's film: an uploaded file, or a hosted file/page by URL."""
    if row.video:
        return {"src": row.video.url, "playable": True}
    if row.video_url:
        playable = row.video_url.lower().split("?")[0].endswith(VIDEO_FILES)
        return {"src": row.video_url, "playable": playable}
    return None


@storefront_view
def collections(request):
    actor, region = request.actor, current_region(request)

    def build() -> dict:
        rows = collection_list(actor)
        return {
            "html": render_to_string("storefront/fragments/collections.html", {"rows": rows}),
            "title": "Collections",
            "description": "Every Atelier collection, made to order by Europe's workshops.",
            "canonical": reverse("storefront:collections"),
        }

    return _page(request, cached(request, "collections", (_code(region),), build))


@storefront_view
def search(request):
    q = " ".join(request.GET.get("q", "").split())
    if len(q) > MAX_QUERY:
        raise listing.BadParams(f"Search: at most {MAX_QUERY} characters, please.")
    params, actor, region = _read_params(request), request.actor, current_region(request)
    path = reverse("storefront:search")

    def build() -> dict:
        result = None
        if q:
            result = listing.build(actor, ProductFilters(q=q), params, _code(region))
        context = {"region": region}
        if result:
            context = _listing_context(request, result, path, {"q": q})
        context.update(q=q)
        return {
            "html": render_to_string("storefront/fragments/search.html", context),
            "title": f"Search: {q}" if q else "Search",
            "description": "Search the Atelier collection.",
            "canonical": path,
            "noindex": True,
            "q": q,
            "product_ids": [card.product.pk for card in result.page.items] if result else [],
        }

    data = _listing_data(request, "search", (q,), build)
    return _page(request, data, availability.product_slots(data["product_ids"], _code(region)))


# --- Product ---------------------------------------------------------------------------


@storefront_view
def product(request, slug):
    actor, region = request.actor, current_region(request)
    asked = configurator.parse(request.GET)
    if asked.is_default:
        data = cached(
            request, "product", (slug, _code(region)), lambda: _product_page(actor, slug, region)
        )
        choice = configurator.merge(data["defaults"], asked)
        panel = configurator.panel(data["product_id"], choice, region)
    else:  # a shared or no-script choice: rendered fresh, with errors beside the fields
        detail = product_detail(actor, slug)
        choice = configurator.merge(configurator.defaults(detail.product), asked)
        panel = configurator.panel(detail.product.pk, choice, region)
        data = _product_page(actor, slug, region, detail, choice, panel.errors)
    panel_html = render_to_string(
        "storefront/includes/price_panel.html", {"panel": panel, "region": region}
    )
    add_html = add_to_cart_slot(request, panel, region)
    return _page(request, data, {"price-panel": panel_html, "add-to-cart": add_html})


def _product_page(actor, slug, region, detail=None, choice=None, errors=None) -> dict:
    detail = detail or product_detail(actor, slug)
    item = detail.product
    context = {
        "detail": detail,
        "product": item,
        "region": region,
        "form": configurator.form(
            item,
            choice or configurator.Choice(),
            add_ons=_add_ons(item.pk, region),
            variant_prices=_variant_prices(item.live_variants, region),
            errors=errors or {},
        ),
        "model": next(iter(item.models_3d.all()), None),
    }
    return {
        "html": render_to_string("storefront/fragments/product.html", context),
        "title": item.name,
        "description": item.description or f"{item.name} by {item.manufacturer.name}.",
        "canonical": reverse("storefront:product", args=[slug]),
        "image": item.ordered_images[0].image if item.ordered_images else None,
        "product_id": item.pk,
        "defaults": configurator.defaults(item),
    }


def _variant_prices(variants, region) -> dict:
    if region is None or len(variants) < 2:
        return {}
    try:
        quotes = pricing.prices_for_variants([v.pk for v in variants], region.code)
    except DomainError:
        return {}
    return {vid: q.unit_display for vid, q in quotes.items()}


def _add_ons(product_id: int, region):
    """Add-on prices of the product's options and sizes in the region, if it sells there."""
    if region is None:
        return None
    try:
        return pricing.configurator_prices(product_id, region.code)
    except DomainError:
        return None


@storefront_view
def product_price(request, slug):
    """The price fragment for the chosen variant/options/size (htmx), with inline errors
    swapped out of band next to their fields. 422 when the choice is not valid."""
    item = get_product_for(request.actor, slug)
    region = current_region(request)
    choice = configurator.parse(request.GET)
    panel = configurator.panel(item.pk, choice, region)
    fields = {"variant"} if choice.variant_id else set()
    fields |= {f"option-{g}" for g, _ in choice.options} | {a for a, _ in choice.dimensions}
    errors = {_field_name(name, choice): text for name, text in panel.errors.items()}
    response = render(
        request,
        "storefront/includes/price_response.html",
        {
            "panel": panel,
            "region": region,
            "field_errors": sorted({**dict.fromkeys(fields, ""), **errors}.items()),
        },
        status=200 if panel.is_valid else 422,
    )
    query = choice.query()
    page_url = reverse("storefront:product", args=[slug])
    response["HX-Replace-Url"] = f"{page_url}?{query}" if query else page_url
    return response


def _field_name(name: str, choice) -> str:
    """The form field an error is about: option groups are "option-<code>"."""
    if name in ("variant", "width", "depth", "height"):
        return name
    return f"option-{name}"


# --- Region ----------------------------------------------------------------------------


@require_POST
def set_region(request):
    """The region picker in the header: remember the choice, go back where they were."""
    region = find_region(request, request.POST.get("region"))
    if region is None:
        return bad_request(request, "We do not sell in that region yet; please choose another.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("storefront:home")
    response = redirect(target)
    remember(request, response, region)
    return response
