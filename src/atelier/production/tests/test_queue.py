from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atelier.core.errors import PermissionDenied
from atelier.core.roles import Role
from atelier.production import selectors
from atelier.production.selectors import QueueFilters
from atelier.production.tests.helpers import SYSTEM, actor, at, in_days, released
from atelier.purchasing import facade as purchasing

PM = actor(Role.PRODUCTION_MANAGER)


def raise_po(world, ref, *, tier="", days=60, quantity=1, value="2400.00", variant=None):
    need = world.need("L1", variant=variant, quantity=quantity, unit_value=Decimal(value))
    (number,) = purchasing.purchase_orders_raise_for_order(
        order_ref=ref,
        customer_reference="",
        customer_tier=tier,
        currency="EUR",
        required_date=in_days(days),
        needs=[need],
        actor=SYSTEM,
    )
    return number


def test_the_queue_puts_late_urgent_valuable_and_loyal_first(world):
    relaxed = raise_po(world, "SO-1", days=60)  # 2.4 (value)
    gold = raise_po(world, "SO-2", days=60, tier="gold")  # 20 + 2.4
    soon = raise_po(world, "SO-3", days=5)  # after 3 days: 28 + 2.4
    big = raise_po(world, "SO-4", days=60, quantity=10)  # 24
    late = raise_po(world, "SO-5", days=1)  # after 3 days: 20 (2 days late) + 30 + 2.4

    rows = selectors.production_queue(PM, now=timezone.now() + timedelta(days=3))

    assert [r.po.number for r in rows] == [late, soon, big, gold, relaxed]
    by_number = {r.po.number: r.priority for r in rows}
    assert by_number[late].score == Decimal("52.4")
    assert by_number[late].is_late
    assert by_number[gold].score == Decimal("22.4")
    assert not by_number[gold].is_late
    assert (by_number[soon].urgency, by_number[big].value) == (28, Decimal("24.0"))


def test_the_queue_filters_by_manufacturer_status_and_lateness(world):
    a = raise_po(world, "SO-1", days=1)
    b = raise_po(world, "SO-2", variant=world.chair_b)
    later = timezone.now() + timedelta(days=5)

    only_b = selectors.production_queue(PM, QueueFilters(manufacturer_id=world.b.pk))
    late = selectors.production_queue(PM, QueueFilters(late_only=True), now=later)
    drafts = selectors.production_queue(PM, QueueFilters(status="draft", sort="number"))

    assert [r.po.number for r in only_b] == [b]
    assert [r.po.number for r in late] == [a]
    assert [r.po.number for r in drafts] == sorted([a, b])


def test_completed_purchase_orders_leave_the_queue_and_items_are_counted(world):
    done = at(world, released(world, order_ref="SO-9"), "completed")
    running = at(world, released(world, world.need(quantity=2), order_ref="SO-8"), "in_production")

    rows = {r.po.number: r for r in selectors.production_queue(PM)}

    assert done not in rows
    assert rows[running].items == {"in_production": 2}
    assert rows[running].pieces == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.PRODUCTION_MANAGER, True),
        (Role.SALES_REPRESENTATIVE, True),
        (Role.SALES_DIRECTOR, True),
        (Role.QUALITY_CONTROLLER, True),
        (Role.CUSTOMER, False),
        (Role.GUEST, False),
    ],
)
def test_who_sees_the_queue(world, role, allowed):
    raise_po(world, "SO-1")
    if allowed:
        assert len(selectors.production_queue(actor(role))) == 1
    else:
        with pytest.raises(PermissionDenied):
            selectors.production_queue(actor(role))


def test_a_manufacturer_never_sees_the_queue(world):
    raise_po(world, "SO-1")
    with pytest.raises(PermissionDenied):
        selectors.production_queue(world.workshop_a)


def test_the_queue_costs_the_same_queries_for_more_rows(world):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            selectors.queue_requirements(PM)
        return len(ctx.captured_queries)

    raise_po(world, "SO-1")
    few = queries()
    for n in range(2, 8):
        at(world, released(world, world.need(quantity=2), order_ref=f"SO-{n}"), "in_production")

    assert queries() == few


def test_requirements_break_lines_into_materials_dimensions_and_quantities(world):
    config = world.configuration(fabric="linen", width=250)
    config["dimensions"] = {"width_cm": "250.0", "depth_cm": "95.0", "height_cm": "80.0"}
    config["options"].append(
        {
            "group_code": "legs",
            "group_name": "Leg finish",
            "choice_code": "oak",
            "choice_name": "Oak",
        }
    )
    first = raise_po(world, "SO-1")
    second = purchasing.purchase_orders_raise_for_order(
        order_ref="SO-2",
        customer_reference="",
        customer_tier="",
        currency="EUR",
        required_date=in_days(30),
        needs=[world.need("L1", quantity=3, configuration=config)],
        actor=SYSTEM,
    )[0]

    data = selectors.queue_requirements(PM)
    line = next(r for r in data["lines"] if r.po_number == second)
    totals = {(t.kind, t.name, t.value): (t.quantity, t.purchase_orders) for t in data["totals"]}

    assert line.materials == (("Fabric", "Linen"),)
    assert line.finishes == (("Leg finish", "Oak"),)
    assert line.dimensions == "W 250 x D 95 x H 80 cm"
    assert line.custom_dimensions
    assert totals[("material", "Fabric", "Linen")] == (3, (second,))
    assert totals[("material", "Fabric", "Wool")] == (1, (first,))
    assert totals[("finish", "Leg finish", "Oak")] == (3, (second,))
