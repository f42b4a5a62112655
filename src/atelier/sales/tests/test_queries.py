"""Query counts of the list selectors are pinned (more rows than a page)."""

import pytest

from atelier.core.roles import Role
from atelier.sales import selectors, services
from atelier.sales.tests.helpers import ADDRESS_FR, GUEST, actor, order_line_row, order_row

pytestmark = pytest.mark.django_db


def test_order_search_costs_the_same_for_any_page(world, django_assert_max_num_queries):
    for n in range(30):
        order = order_row(channel="boutiques", boutique=world.paris, email=f"c{n}@example.com")
        order_line_row(order, world.lamp)
    director = actor(Role.SALES_DIRECTOR, regions=[world.eu.pk])
    with django_assert_max_num_queries(3):
        page = selectors.order_search(director, q="example.com", status="draft", per_page=25)
        rows = [(o.number, o.boutique.name, o.customer_id, o.shipping_address) for o in page]
    assert len(rows) == 25
    assert page.paginator.count == 30


def test_order_detail_is_prefetched(world, django_assert_max_num_queries):
    cart = services.cart_create(actor=GUEST, region_code="eu")
    services.cart_line_add(cart=cart, sku="LUMEN-1", quantity=1, actor=GUEST)
    services.cart_line_add(
        cart=cart, sku="ARIA-240", quantity=1, options={"fabric": "linen"}, actor=GUEST
    )
    order = services.cart_checkout(
        cart=cart,
        email="a@example.com",
        shipping_address=ADDRESS_FR,
        shipping_method="standard",
        actor=GUEST,
    ).order
    staff = actor(Role.CUSTOMER_SERVICE_MANAGER)
    with django_assert_max_num_queries(8):
        detail = selectors.order_detail(staff, order.number)
        described = [(line.ref, line.sku, line.total_gross) for line in detail.lines]
        _ = [(i.number, list(i.lines.all())) for i in detail.invoices]
        _ = [change.actor_label for change in detail.history]
    assert [ref for ref, *_ in described] == ["L1", "L2"]
    assert detail.allowed_transitions == ["draft", "confirmed", "cancelled"]
