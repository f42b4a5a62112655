"""Domain events: after-commit delivery through one wiring, idempotent handlers."""

import threading
from dataclasses import dataclass

import pytest
from django.db import connection, transaction

from atelier.core.events import Event, handlers_for, marker_key, once, publish
from atelier.core.models import HandledEvent
from atelier.core.testing import wiring
from atelier.core.testing.models import SampleDocument
from atelier.core.testing.transitions import SampleApproved, SampleRejected, SampleSubmitted
from atelier.core.tests.helpers import in_rolled_back_transaction


@dataclass(frozen=True, kw_only=True)
class NoteAdded(Event):
    document_id: int
    text: str


def _approved(doc, change_id=1) -> SampleApproved:
    return SampleApproved(
        model="core_testing.sampledocument",
        object_id=str(doc.pk),
        from_status="submitted",
        to_status="approved",
        change_id=change_id,
    )


def _submitted(doc, change_id=1) -> SampleSubmitted:
    return SampleSubmitted(
        model="core_testing.sampledocument",
        object_id=str(doc.pk),
        from_status="draft",
        to_status="submitted",
        change_id=change_id,
    )


def _notifications(doc) -> int:
    return SampleDocument.objects.get(pk=doc.pk).notifications


@pytest.fixture
def deliver(django_capture_on_commit_callbacks):
    def run(event):
        with django_capture_on_commit_callbacks(execute=True):
            publish(event)

    return run


@pytest.fixture
def any_submitted():
    return SampleSubmitted(model="m", object_id="1", from_status="a", to_status="b")


# --- wiring -----------------------------------------------------------------------------
def test_handlers_come_from_the_wiring_most_specific_class_first(any_submitted):
    assert handlers_for(any_submitted) == [
        wiring.record,
        wiring.count_notification,
        wiring.record_any_transition,
    ]
    assert handlers_for(
        SampleRejected(model="m", object_id="1", from_status="a", to_status="b")
    ) == [wiring.record_any_transition]
    assert handlers_for(NoteAdded(document_id=1, text="x")) == []


def test_the_wiring_setting_is_read_each_time(settings, any_submitted):
    settings.EVENT_WIRING = "atelier.core.testing.wiring.FAILING_HANDLERS"
    assert handlers_for(any_submitted) == [wiring.explode, wiring.record]
    settings.EVENT_WIRING = "atelier.config.event_wiring.HANDLERS"
    assert handlers_for(any_submitted) == []


# --- delivery ----------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_event_is_delivered_at_once(make_doc):
    doc = make_doc()
    publish(_submitted(doc))
    assert [name for name, _ in wiring.RECEIVED] == ["record", "any_transition"]
    assert _notifications(doc) == 1


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_delivery_waits_for_commit_and_skips_rollback(make_doc):
    doc = make_doc()
    in_rolled_back_transaction(lambda: publish(_submitted(doc, change_id=1)))
    assert wiring.RECEIVED == []
    with transaction.atomic():
        publish(_submitted(doc, change_id=2))
        assert wiring.RECEIVED == []
    assert [e.change_id for _, e in wiring.RECEIVED] == [2, 2]
    assert _notifications(doc) == 1


@pytest.mark.django_db(transaction=True)
def test_an_event_of_an_inner_savepoint_that_rolls_back_is_dropped(make_doc):
    doc = make_doc()
    with transaction.atomic():
        publish(_submitted(doc, change_id=1))
        in_rolled_back_transaction(lambda: publish(_submitted(doc, change_id=2)))
    assert [e.change_id for _, e in wiring.RECEIVED] == [1, 1]


# --- idempotency ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_redelivery_changes_nothing(make_doc, deliver):
    doc = make_doc()
    submitted, approved = _submitted(doc), _approved(doc)
    for _ in range(3):
        deliver(submitted)
        deliver(approved)
    assert _notifications(doc) == 2  # one per distinct event, with once() and @idempotent
    assert set(HandledEvent.objects.values_list("handler", "event_key")) == {
        ("core_testing.count_notification", submitted.key),
        ("core_testing.count_approval", approved.key),
    }


@pytest.mark.django_db
def test_distinct_occurrences_are_each_handled(make_doc, deliver):
    doc = make_doc()
    deliver(_approved(doc, change_id=1))
    deliver(_approved(doc, change_id=2))
    assert _notifications(doc) == 2


@pytest.mark.django_db
def test_a_copy_of_an_event_is_the_same_occurrence(make_doc, deliver):
    """A redelivered event is a new object (e.g. from a queue) with the same data."""
    doc = make_doc()
    deliver(_approved(doc))
    deliver(SampleApproved(**{**_approved(doc).__dict__, "occurred_at": "2030-01-01T00:00"}))
    assert _notifications(doc) == 1


@pytest.mark.django_db
def test_once_yields_true_only_the_first_time():
    event = NoteAdded(document_id=7, text="Hello")
    seen = []
    for _ in range(2):
        with once("tests.note", event) as first_time:
            seen.append(first_time)
    with once("tests.other_handler", event) as first_time:
        seen.append(first_time)
    assert seen == [True, False, True]


@pytest.mark.django_db
def test_a_handler_that_crashes_is_retried_on_redelivery(settings, make_doc, deliver, caplog):
    settings.EVENT_WIRING = "atelier.core.testing.wiring.FAILING_HANDLERS"
    settings.EVENTS_RAISE = False
    wiring.STILL_FAILING["times"] = 1
    doc = make_doc()
    deliver(_approved(doc))
    assert _notifications(doc) == 0  # its write was rolled back with its marker
    assert not HandledEvent.objects.exists()
    assert "crashed after its write" in caplog.text
    deliver(_approved(doc))
    deliver(_approved(doc))
    assert _notifications(doc) == 1


@pytest.mark.django_db
def test_a_failing_handler_does_not_stop_the_others(settings, make_doc, deliver, caplog):
    settings.EVENT_WIRING = "atelier.core.testing.wiring.FAILING_HANDLERS"
    settings.EVENTS_RAISE = False
    event = _submitted(make_doc())
    deliver(event)
    assert [("record", event)] == wiring.RECEIVED
    assert f"failed for {event.key}" in caplog.text


@pytest.mark.django_db
def test_in_tests_a_failing_handler_raises(settings, make_doc, deliver):
    settings.EVENT_WIRING = "atelier.core.testing.wiring.FAILING_HANDLERS"
    with pytest.raises(RuntimeError, match="handler bug"):
        deliver(_submitted(make_doc()))


# --- keys ---------------------------------------------------------------------------------
def test_a_plain_events_key_is_its_data_without_the_time():
    a = NoteAdded(document_id=7, text="Hi", occurred_at="2026-01-01T10:00:00+00:00")
    b = NoteAdded(document_id=7, text="Hi", occurred_at="2026-01-02T10:00:00+00:00")
    assert a.key == b.key == "NoteAdded:document_id=7:text=Hi"
    assert NoteAdded(document_id=8, text="Hi").key != a.key


def test_long_keys_are_hashed_so_that_they_never_collide():
    a, b = NoteAdded(document_id=1, text="x" * 300), NoteAdded(document_id=1, text="x" * 301)
    assert len(marker_key(a)) == len(marker_key(b)) == 200
    assert marker_key(a) != marker_key(b)
    assert (
        marker_key(NoteAdded(document_id=1, text="short")) == "NoteAdded:document_id=1:text=short"
    )


@pytest.mark.django_db
def test_long_keys_are_handled_once_each(deliver):
    counts = []
    for event in [
        NoteAdded(document_id=1, text="x" * 300),
        NoteAdded(document_id=1, text="x" * 301),
    ]:
        for _ in range(2):
            with once("tests.long", event) as first_time:
                counts.append(first_time)
    assert counts == [True, False, True, False]


# --- concurrency --------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_redeliveries_handle_an_event_once(make_doc):
    doc = make_doc()
    event = _approved(doc)
    start = threading.Barrier(6)
    errors = []

    def redeliver():
        try:
            start.wait()
            publish(event)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=redeliver) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _notifications(doc) == 1
    assert HandledEvent.objects.count() == 1
