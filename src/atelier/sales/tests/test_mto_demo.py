"""The made-to-order demo step makes its three stories, once."""

import pytest

from atelier.sales.enums import ChangeStatus, Finalisation
from atelier.sales.models import ChangeRequest, CreditNote, SalesOrder
from atelier.sales.mto_demo import load_mto_demo
from atelier.sales.tests.mto import money_totals

# Real commits: the demo pays on the offline page and the events follow each commit.
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_tells_its_three_stories_once(world):
    found = load_mto_demo()
    assert set(found) == {"awaiting", "pending_change", "changed_twice"}
    awaiting = SalesOrder.objects.get(number=found["awaiting"])
    assert awaiting.lines.get().finalisation == Finalisation.PROVISIONAL
    pending = ChangeRequest.objects.get(order__number=found["pending_change"])
    assert pending.status == ChangeStatus.PROPOSED
    changed = SalesOrder.objects.get(number=found["changed_twice"])
    assert CreditNote.objects.filter(order=changed).count() == 2
    assert changed.lines.get().revision == 3
    totals = money_totals(changed)
    assert totals["paid"] - totals["refunded"] == totals["invoiced"] - totals["credited"]
    assert load_mto_demo() == found
    assert SalesOrder.objects.count() == 3
