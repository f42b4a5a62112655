"""The shipping demo step: customs data for the catalogue, paid orders to ship, one
shipment prepared; loading twice changes nothing."""

from __future__ import annotations

import pytest

from atelier.catalog.models import Product
from atelier.shipping.demo import load_shipping_demo
from atelier.shipping.models import Shipment, ShippableOrder
from atelier.shipping.tests.helpers import paid_order, piece

pytestmark = pytest.mark.django_db


def test_demo_gives_the_catalogue_customs_data_and_prepares_a_shipment(origin, carrier):
    lamp = piece("Arco floor lamp", hs_code="", country="")
    order = paid_order([(lamp, 1, "450.00")])

    load_shipping_demo()
    load_shipping_demo()

    product = Product.objects.get(pk=lamp.product_id)
    assert (product.hs_code, product.country_of_manufacture) == ("940520", "IT")
    assert product.package_width_cm == product.width_cm + 10
    assert ShippableOrder.objects.get().order_ref == order.number
    shipment = Shipment.objects.get()
    assert shipment.address_confirmed
