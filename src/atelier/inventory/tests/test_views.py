"""The stock pages of the back office, over HTTP."""

import pytest
from django.core.cache import cache

from atelier.accounts.tests.factories import make_user
from atelier.catalog.tests.factories import VariantFactory
from atelier.core.roles import Role
from atelier.inventory import facade, services
from atelier.inventory.models import CountLine, Reservation, StockLevel, StockMove, Transfer
from atelier.inventory.tests.helpers import SYSTEM, counts, level, stock

pytestmark = pytest.mark.django_db
PAGE = 50


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def sign_in(client, role, **scope):
    user = make_user(role, **scope)
    client.force_login(user)
    return user


@pytest.fixture
def many(world):
    """More levels than a page, at the warehouse and in Paris."""
    variants = VariantFactory.create_batch(PAGE + 5)
    StockLevel.objects.bulk_create(
        [
            StockLevel(variant=v, location=loc, physical=True, on_hand=3)
            for v in variants
            for loc in (world.warehouse, world.paris)
        ]
    )
    return variants


def test_the_stock_page_lists_a_page_in_constant_queries(
    client, many, django_assert_max_num_queries
):
    sign_in(client, Role.PRODUCTION_MANAGER)
    client.get("/backoffice/stock/")  # warm the session and caches

    with django_assert_max_num_queries(16):
        response = client.get("/backoffice/stock/?page=2")

    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == 2 * len(many)
    assert len(page.object_list) == PAGE
    assert all(row.variant_info for row in page.object_list)


def test_a_store_manager_sees_only_their_boutique(client, many):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    response = client.get("/backoffice/stock/")

    assert {row.location.code for row in response.context["page"].object_list} == {"bq-paris"}
    assert "Central warehouse" not in response.content.decode()


def test_filters_search_and_location(client, world, many):
    sign_in(client, Role.PRODUCTION_MANAGER)
    stock(world.sofa, world.milan, 2)

    by_sku = client.get("/backoffice/stock/", {"q": "SOFA-1"})
    by_location = client.get("/backoffice/stock/", {"location": "bq-milan"})

    assert [r.variant_id for r in by_sku.context["page"].object_list] == [world.sofa.pk]
    assert [r.location.code for r in by_location.context["page"].object_list] == ["bq-milan"]


def test_the_move_history_pages_in_constant_queries(client, world, django_assert_max_num_queries):
    sign_in(client, Role.PRODUCTION_MANAGER)
    for _ in range(PAGE + 3):
        stock(world.sofa, world.paris, 1)
    client.get("/backoffice/stock/moves/")

    with django_assert_max_num_queries(16):
        response = client.get("/backoffice/stock/moves/?page=1")

    assert len(response.context["page"].object_list) == PAGE
    assert "Opening balance" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/backoffice/stock/transfers/",
        "/backoffice/stock/counts/",
        "/backoffice/stock/replenishment/",
        "/backoffice/stock/exceptions/",
        "/backoffice/stock/locations/",
        "/backoffice/stock/adjust/",
        "/backoffice/stock/transfers/new/",
    ],
)
def test_every_page_answers(client, world, url):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    assert client.get(url).status_code == 200


def test_list_pages_of_documents_stay_constant(client, world, django_assert_max_num_queries):
    sign_in(client, Role.PRODUCTION_MANAGER)
    for _ in range(PAGE + 2):
        services.transfer_request(
            source=world.warehouse,
            destination=world.paris,
            lines=[(world.sofa.pk, 1)],
            actor=SYSTEM,
        )
    client.get("/backoffice/stock/transfers/")

    with django_assert_max_num_queries(14):
        response = client.get("/backoffice/stock/transfers/")

    assert len(response.context["page"].object_list) == PAGE


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/backoffice/stock/")
    assert response.status_code == 302
    assert "/backoffice/login/" in response["Location"]


def test_an_adjustment_through_the_page(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    response = client.post(
        "/backoffice/stock/adjust/",
        {"location": "bq-paris", "sku": "SOFA-1", "quantity": "2", "reason": "found", "note": ""},
    )

    assert response.status_code == 302
    assert level(world.sofa, world.paris) == (2, 0)


def test_a_refused_adjustment_shows_why_and_writes_nothing(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    before = counts()

    response = client.post(
        "/backoffice/stock/adjust/",
        {"location": "bq-paris", "sku": "SOFA-1", "quantity": "-2", "reason": "damaged"},
    )

    assert response.status_code == 200
    assert "Only 0 unit(s)" in response.content.decode()
    assert counts() == before


def test_adjusting_another_boutique_is_not_possible(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])
    response = client.post(
        "/backoffice/stock/adjust/",
        {"location": "bq-milan", "sku": "SOFA-1", "quantity": "2", "reason": "found"},
    )
    assert response.status_code == 200  # not a choice for this user
    assert not StockMove.objects.exists()


def test_replenishment_request_ship_and_receive_over_http(client, world):
    stock(world.sofa, world.warehouse, 4)
    manager = sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    response = client.post(
        "/backoffice/stock/transfers/new/",
        {"source": "wh-central", "destination": "bq-paris", "lines": "SOFA-1 3", "note": ""},
    )
    transfer = Transfer.objects.get()
    assert response["Location"] == f"/backoffice/stock/transfers/{transfer.number}/"

    refused = client.post(f"/backoffice/stock/transfers/{transfer.number}/ship/")
    assert refused.status_code == 403
    client.logout()
    sign_in(client, Role.PRODUCTION_MANAGER)
    client.post(f"/backoffice/stock/transfers/{transfer.number}/ship/")
    client.logout()
    client.force_login(manager)
    line = transfer.lines.get()
    client.post(
        f"/backoffice/stock/transfers/{transfer.number}/receive/",
        {f"qty-{line.pk}": "2", "reason": "One damaged box"},
    )

    assert level(world.sofa, world.paris) == (2, 0)
    detail = client.get(f"/backoffice/stock/transfers/{transfer.number}/")
    assert "One damaged box" in detail.content.decode()


def test_an_out_of_scope_transfer_answers_404_like_a_missing_one(client, world):
    transfer = services.transfer_request(
        source=world.warehouse, destination=world.london, lines=[(world.sofa.pk, 1)], actor=SYSTEM
    )
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    hidden = client.get(f"/backoffice/stock/transfers/{transfer.number}/")
    missing = client.get("/backoffice/stock/transfers/TR-1999-000001/")
    action = client.post(f"/backoffice/stock/transfers/{transfer.number}/cancel/", {"reason": "x"})

    assert hidden.status_code == missing.status_code == action.status_code == 404
    transfer.refresh_from_db()
    assert transfer.status == "requested"


def test_a_cycle_count_over_http(client, world):
    stock(world.sofa, world.paris, 3)
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    client.post("/backoffice/stock/counts/new/", {"location": "bq-paris", "category": ""})
    sheet_number = client.get("/backoffice/stock/counts/").context["page"].object_list[0].number
    line = CountLine.objects.get()
    client.post(f"/backoffice/stock/counts/{sheet_number}/record/", {f"counted-{line.pk}": "2"})
    client.post(f"/backoffice/stock/counts/{sheet_number}/submit/")
    client.post(f"/backoffice/stock/counts/{sheet_number}/approve/", {"reason": "Checked twice"})

    assert level(world.sofa, world.paris) == (2, 0)
    page = client.get(f"/backoffice/stock/counts/{sheet_number}/").content.decode()
    assert "Approved" in page


def test_replenishment_run_and_conversion_over_http(client, world):
    stock(world.sofa, world.warehouse, 10)
    services.replenishment_rule_set(
        location=world.paris,
        variant_id=world.sofa.pk,
        min_quantity=2,
        max_quantity=4,
        actor=SYSTEM,
    )
    sign_in(client, Role.PRODUCTION_MANAGER)

    client.post("/backoffice/stock/replenishment/run/")
    number = client.get("/backoffice/stock/replenishment/").context["page"].object_list[0].number
    client.post("/backoffice/stock/replenishment/convert/", {"proposal": [number]})

    transfer = Transfer.objects.get()
    assert (transfer.destination, transfer.lines.get().quantity_requested) == (world.paris, 4)


def test_the_exceptions_page_lists_overdue_and_stale(client, world):
    from datetime import timedelta

    from django.utils import timezone

    stock(world.sofa, world.warehouse, 2)
    facade.reserve(order_ref="SO-OLD", lines=[("1", world.sofa.pk, 1)], actor=SYSTEM)

    Reservation.objects.update(expires_at=timezone.now() - timedelta(minutes=5))
    transfer = services.transfer_request(
        source=world.warehouse, destination=world.paris, lines=[(world.sofa.pk, 1)], actor=SYSTEM
    )
    Transfer.objects.filter(pk=transfer.pk).update(due_date=timezone.localdate() - timedelta(1))
    sign_in(client, Role.PRODUCTION_MANAGER)

    response = client.get("/backoffice/stock/exceptions/")

    x = response.context["x"]
    assert [r.order_ref for r in x.stale_reservations] == ["SO-OLD"]
    assert [t.number for t in x.overdue_transfers] == [transfer.number]
    assert x.mismatches == []


def test_labels_download_as_pdf(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    variant = client.get(f"/backoffice/stock/labels/variant/{world.sofa.pk}/?location=bq-paris")
    location = client.get("/backoffice/stock/labels/location/bq-paris/")
    hidden = client.get("/backoffice/stock/labels/location/wh-central/")
    unknown = client.get("/backoffice/stock/labels/variant/987654/")

    assert variant["Content-Type"] == location["Content-Type"] == "application/pdf"
    assert variant.content.startswith(b"%PDF")
    assert location.content.startswith(b"%PDF")
    assert hidden.status_code == unknown.status_code == 404


def test_switching_a_boutiques_online_sales(client, world):
    sign_in(client, Role.STORE_MANAGER, boutiques=["paris"])

    client.post("/backoffice/stock/locations/bq-paris/online/", {"sells_online": "1"})
    world.paris.refresh_from_db()
    assert world.paris.sells_online is True
    assert client.post("/backoffice/stock/locations/bq-milan/online/").status_code == 404


def test_counts_proposals_and_exceptions_pages_stay_constant(
    client, world, django_assert_max_num_queries
):
    for _ in range(3):
        stock(world.sofa, world.paris, 1)
    for variant in VariantFactory.create_batch(PAGE + 2):
        services.replenishment_rule_set(
            location=world.warehouse,
            variant_id=variant.pk,
            min_quantity=1,
            max_quantity=2,
            actor=SYSTEM,
        )
    services.replenishment_run(actor=SYSTEM)
    for _ in range(PAGE + 2):
        services.count_sheet_create(location=world.paris, actor=SYSTEM)
    sign_in(client, Role.PRODUCTION_MANAGER)
    for url in (
        "/backoffice/stock/counts/",
        "/backoffice/stock/replenishment/",
        "/backoffice/stock/exceptions/",
    ):
        client.get(url)
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200


def test_detail_pages_offer_the_next_step(client, world):
    stock(world.sofa, world.warehouse, 2)
    stock(world.sofa, world.paris, 2)
    transfer = services.transfer_request(
        source=world.warehouse, destination=world.paris, lines=[(world.sofa.pk, 1)], actor=SYSTEM
    )
    sheet = services.count_sheet_create(location=world.paris, actor=SYSTEM)
    sign_in(client, Role.PRODUCTION_MANAGER)
    url = f"/backoffice/stock/transfers/{transfer.number}/"

    requested = client.get(url).content.decode()
    services.transfer_ship(transfer=transfer, actor=SYSTEM)
    shipped = client.get(url).content.decode()
    counting = client.get(f"/backoffice/stock/counts/{sheet.number}/").content.decode()

    assert ">Ship</button>" in requested
    assert "Cancel transfer" in requested
    assert ">Receive</button>" in shipped
    assert "Save counts" in counting
    assert "Add line" in counting
    assert "Submit for review" in counting
