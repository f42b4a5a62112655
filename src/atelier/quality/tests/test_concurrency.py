"""The same piece announced several times at once opens exactly one inspection, and two
inspectors finishing at once announce the outcome once. PostgreSQL only (row locks)."""

import pytest

from atelier.core.testing.concurrency import concurrently
from atelier.quality import services
from atelier.quality.handlers import on_piece_ready_for_inspection
from atelier.quality.models import Inspection
from atelier.quality.tests.helpers import QC, make_world, piece_event, record_all_passing, started

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_deliveries_open_one_inspection(on_postgres):
    assert on_postgres
    world = make_world()
    events = [piece_event(world, code="IT-RACE") for _ in range(6)]  # distinct occurrences

    outcome = concurrently(6, lambda i: on_piece_ready_for_inspection(events[i]))

    assert outcome.get("other", []) == []
    assert sorted(outcome["ok"]) == list(range(6))
    assert Inspection.objects.filter(item_code="IT-RACE").count() == 1


def test_two_inspectors_finishing_at_once_finish_it_once(on_postgres, monkeypatch):
    assert on_postgres
    published = []
    monkeypatch.setattr("atelier.quality.services.inspections.publish", published.append)
    world = make_world()
    inspection = started(world, code="IT-TWICE")
    record_all_passing(inspection)

    outcome = concurrently(2, lambda i: services.inspection_finish(inspection=inspection, actor=QC))

    assert outcome.get("other", []) == []
    assert len(outcome["ok"]) == 1
    assert len(outcome["refused"]) == 1
    assert len(published) == 1
