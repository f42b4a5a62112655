from atelier.production import demo
from atelier.production.models import ProductionItem
from atelier.production.tests.helpers import raise_for


def test_demo_advance_walks_a_draft_to_completed_with_real_item_codes(world):
    (number,) = raise_for(world, world.need(quantity=2))

    info = demo.demo_advance(number, "completed")
    again = demo.demo_advance(number, "accepted")  # already past: nothing happens

    assert info.status == "completed"
    assert again.status == "completed"
    assert (
        ProductionItem.objects.filter(purchase_order_number=number, status="completed").count() == 2
    )


def test_demo_advance_can_decline(world):
    (number,) = raise_for(world)

    info = demo.demo_advance(number, "declined")

    assert info.status == "declined"
    assert info.declined_reason == demo.DECLINE_REASON
