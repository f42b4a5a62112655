"""Event wiring used by the kernel's tests (`settings.EVENT_WIRING` points here)."""

from django.db.models import F

from atelier.core.events import Event, TransitionEvent, idempotent, once
from atelier.core.testing.models import SampleDocument
from atelier.core.testing.transitions import SampleApproved, SampleSubmitted

RECEIVED: list[tuple[str, Event]] = []


def record(event: Event) -> None:
    RECEIVED.append(("record", event))


def record_any_transition(event: Event) -> None:
    RECEIVED.append(("any_transition", event))


def count_notification(event: TransitionEvent) -> None:
    with once("core_testing.count_notification", event) as first_time:
        if first_time:
            _bump(event.object_id)


@idempotent("core_testing.count_approval")
def count_approval(event: TransitionEvent) -> None:
    _bump(event.object_id)


def _bump(object_id: str) -> None:
    SampleDocument.objects.filter(pk=object_id).update(notifications=F("notifications") + 1)


HANDLERS = {
    SampleSubmitted: [record, count_notification],
    SampleApproved: [record, count_approval],
    TransitionEvent: [record_any_transition],
}


# --- a wiring with broken handlers, for failure tests --------------------------------
STILL_FAILING = {"times": 0}


def explode(event: Event) -> None:
    raise RuntimeError("handler bug")


@idempotent("core_testing.flaky_bump")
def flaky_bump(event: TransitionEvent) -> None:
    _bump(event.object_id)
    if STILL_FAILING["times"]:
        STILL_FAILING["times"] -= 1
        raise RuntimeError("crashed after its write")


FAILING_HANDLERS = {SampleSubmitted: [explode, record], SampleApproved: [flaky_bump]}
