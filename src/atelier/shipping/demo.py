"""Demo step: customs and parcel data for the demo catalogue, the paid demo orders on
the "to ship" list, and one shipment prepared, so the delivery pages have something to
show. Idempotent: data already set and rows that exist are left alone."""

from __future__ import annotations

import logging
from decimal import Decimal

from atelier.catalog.models import Product
from atelier.core.actor import system_actor
from atelier.core.errors import DomainError
from atelier.sales import facade as sales
from atelier.shipping import services
from atelier.shipping.models import Shipment, ShippableOrder

logger = logging.getLogger(__name__)
# HS codes by a word in the product or category name (first match wins).
HS_CODES = (
    (("lamp", "light", "pendant", "sconce"), "940520"),
    (("sofa", "armchair", "chair", "stool", "bench", "ottoman"), "940161"),
    (("rug", "carpet"), "570110"),
    (("bed",), "940350"),
    (("mirror",), "700992"),
    (("vase", "bowl", "ceramic"), "691390"),
)
DEFAULT_HS = "940360"  # wooden furniture


def load_shipping_demo(ctx=None) -> None:
    actor = system_actor("demo")
    _catalogue(ctx, actor)
    refs = _to_ship(ctx)
    _one_shipment(ctx, refs, actor)


def _catalogue(ctx, actor) -> None:
    from atelier.catalog import facade as catalog

    rows = Product.objects.select_related("manufacturer", "category").filter(hs_code="")
    for product in rows:
        catalog.product_shipping_data_set(product_id=product.pk, actor=actor, **_data(product))
        _tally(ctx, "products with customs data", True)


def _data(product: Product) -> dict:
    words = f"{product.name} {product.category.name if product.category else ''}".lower()
    hs = next((code for keys, code in HS_CODES if any(k in words for k in keys)), DEFAULT_HS)
    weight = product.weight_kg or Decimal("10")
    pad = Decimal("10")
    return {
        "hs_code": hs,
        "country_of_manufacture": str(product.manufacturer.country),
        "package_width_cm": product.width_cm + pad,
        "package_depth_cm": product.depth_cm + pad,
        "package_height_cm": product.height_cm + pad,
        "package_weight_kg": (weight * Decimal("1.15") + 3).quantize(Decimal("0.01")),
    }


def _to_ship(ctx) -> list[str]:
    """Paid demo orders (their OrderPaid reaches shipping only after the demo commits)."""
    from atelier.sales.models import SalesOrder  # demo only: no facade lists orders

    refs = list(SalesOrder.objects.filter(status="paid").values_list("number", flat=True))
    for ref in refs:
        info = sales.order_info(number=ref)
        _, created = ShippableOrder.objects.get_or_create(
            order_ref=ref, defaults={"boutique_id": info.boutique_id}
        )
        _tally(ctx, "orders to ship", created)
    return refs


def _one_shipment(ctx, refs: list[str], actor) -> None:
    if Shipment.objects.exists():
        _tally(ctx, "shipments", False)
        return
    for ref in refs:
        try:
            shipment = services.shipment_prepare(order_ref=ref, actor=actor)
        except DomainError as exc:
            logger.info("Demo shipment for %s not prepared: %s", ref, exc.message)
            continue
        try:
            services.shipment_confirm_address(shipment=shipment, actor=actor)
        except DomainError as exc:
            logger.info("Demo address of %s not confirmed: %s", ref, exc.message)
        _tally(ctx, "shipments", True)
        return


def _tally(ctx, kind: str, created: bool) -> None:
    if ctx is not None and hasattr(ctx, "tally"):
        ctx.tally(kind, created)
