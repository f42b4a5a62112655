"""apply_transition(): table, permission, reason, guards, audit, events, locking."""

import itertools
import threading
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from atelier.core.actor import Actor, system_actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.statemachine import TransitionNotAllowed, allowed_transitions, history
from atelier.core.testing import wiring
from atelier.core.testing.models import SampleDocument
from atelier.core.testing.models import SampleStatus as S
from atelier.core.testing.services import sample_move
from atelier.core.testing.transitions import (
    TRANSITIONS,
    SampleApproved,
    SampleRejected,
    SampleSubmitted,
)
from atelier.core.tests.helpers import in_rolled_back_transaction

FORBIDDEN = [pair for pair in itertools.product(S.values, S.values) if pair not in TRANSITIONS]


def _stored(doc) -> str:
    return SampleDocument.objects.get(pk=doc.pk).status


def _received():
    return [(name, type(event).__name__) for name, event in wiring.RECEIVED]


# --- allowed transitions (buttons) ------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "for_clerk", "for_approver"),
    [
        (S.DRAFT, [S.SUBMITTED, S.CANCELLED], [S.SUBMITTED, S.CANCELLED]),
        (S.SUBMITTED, [S.CANCELLED], [S.APPROVED, S.REJECTED, S.CANCELLED]),
        (S.REJECTED, [S.DRAFT], [S.DRAFT]),
        (S.APPROVED, [], []),
        (S.CANCELLED, [], []),
    ],
)
def test_allowed_transitions_follow_table_and_permissions(
    make_doc, clerk, approver, status, for_clerk, for_approver
):
    doc = make_doc(status)
    assert allowed_transitions(doc, table=TRANSITIONS, actor=clerk) == for_clerk
    assert allowed_transitions(doc, table=TRANSITIONS, actor=approver) == for_approver


@pytest.mark.django_db
def test_allowed_transitions_leave_out_moves_a_guard_refuses(make_doc, approver):
    assert allowed_transitions(make_doc(title=" "), table=TRANSITIONS, actor=approver) == [
        S.CANCELLED
    ]
    submitted = make_doc(S.SUBMITTED)
    assert allowed_transitions(
        submitted, table=TRANSITIONS, actor=approver, context={"blocked": True}
    ) == [S.REJECTED, S.CANCELLED]


# --- the happy path ---------------------------------------------------------------------
@pytest.mark.django_db
def test_a_transition_saves_audits_and_announces(
    make_doc, clerk, user, django_capture_on_commit_callbacks
):
    doc = make_doc()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        saved = sample_move(doc=doc, to=S.SUBMITTED, actor=clerk)
        assert wiring.RECEIVED == []  # nothing before commit
    change = StatusChange.objects.get()

    assert (saved.status, doc.status, _stored(doc)) == (S.SUBMITTED, S.SUBMITTED, S.SUBMITTED)
    assert change.content_type == ContentType.objects.get_for_model(SampleDocument)
    assert (change.object_id, change.from_status, change.to_status) == (
        str(doc.pk),
        "draft",
        "submitted",
    )
    assert (change.actor, change.actor_label, change.reason) == (user, "Clara (clerk)", "")
    assert before <= change.at <= timezone.now()
    assert len(callbacks) == 1
    assert _received() == [("record", "SampleSubmitted"), ("any_transition", "SampleSubmitted")]
    event = wiring.RECEIVED[0][1]
    assert event == SampleSubmitted(
        model="core_testing.sampledocument",
        object_id=str(doc.pk),
        from_status="draft",
        to_status="submitted",
        actor_id=user.pk,
        reason="",
        change_id=change.pk,
        occurred_at=event.occurred_at,
    )
    assert event.key == f"SampleSubmitted:core_testing.sampledocument:{doc.pk}:{change.pk}"


@pytest.mark.django_db
def test_other_fields_change_in_the_same_save(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    at = timezone.now()
    sample_move(doc=doc, to=S.APPROVED, actor=approver, changes={"approved_at": at})
    stored = SampleDocument.objects.get(pk=doc.pk)
    assert (stored.status, stored.approved_at, doc.approved_at) == (S.APPROVED, at, at)


@pytest.mark.django_db
def test_the_system_actor_may_make_permissioned_moves(make_doc):
    doc = make_doc(S.SUBMITTED)
    sample_move(doc=doc, to=S.APPROVED, actor=system_actor("nightly import"))
    change = StatusChange.objects.get()
    assert (change.actor_id, change.actor_label) == (None, "nightly import")


@pytest.mark.django_db
def test_a_required_reason_is_stored_trimmed(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    sample_move(doc=doc, to=S.REJECTED, actor=approver, reason="  Wrong veneer.\n")
    assert StatusChange.objects.get().reason == "Wrong veneer."


@pytest.mark.django_db
def test_history_lists_a_documents_changes_oldest_first(make_doc, approver):
    doc, other = make_doc(), make_doc()
    sample_move(doc=doc, to=S.SUBMITTED, actor=approver)
    sample_move(doc=other, to=S.CANCELLED, actor=approver, reason="Duplicate.")
    sample_move(doc=doc, to=S.REJECTED, actor=approver, reason="Too dear.")
    sample_move(doc=doc, to=S.DRAFT, actor=approver)
    sample_move(doc=doc, to=S.SUBMITTED, actor=approver)
    sample_move(doc=doc, to=S.APPROVED, actor=approver)
    assert [(c.from_status, c.to_status, c.reason) for c in history(doc)] == [
        ("draft", "submitted", ""),
        ("submitted", "rejected", "Too dear."),
        ("rejected", "draft", ""),
        ("draft", "submitted", ""),
        ("submitted", "approved", ""),
    ]
    assert [(c.from_status, c.to_status) for c in history(other)] == [("draft", "cancelled")]


# --- refusals: each writes nothing and announces nothing ---------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(("frm", "to"), FORBIDDEN)
def test_every_forbidden_transition_is_refused(
    make_doc, frm, to, django_capture_on_commit_callbacks
):
    doc = make_doc(frm)
    superuser = Actor(user_id=None, label="root", is_superuser=True)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(TransitionNotAllowed) as exc,
    ):
        sample_move(doc=doc, to=to, actor=superuser, reason="Because.")
    assert exc.value.code == "transition_not_allowed"
    assert exc.value.status == 409
    assert exc.value.message == f"Cannot move from {frm!r} to {to!r}."
    assert exc.value.details == {
        "allowed": allowed_transitions(doc, table=TRANSITIONS, actor=superuser),
        "current": frm,
    }
    assert (doc.status, _stored(doc)) == (frm, frm)
    assert not StatusChange.objects.exists()
    assert callbacks == []


def test_the_sample_table_leaves_forbidden_moves_to_test():
    assert len(FORBIDDEN) == 25 - 6


@pytest.mark.django_db
def test_an_unknown_status_is_not_allowed(make_doc, approver):
    doc = make_doc()
    with pytest.raises(TransitionNotAllowed):
        sample_move(doc=doc, to="shipped", actor=approver)
    assert _stored(doc) == S.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("to", [S.APPROVED, S.REJECTED])
def test_a_missing_permission_is_refused(make_doc, clerk, to, django_capture_on_commit_callbacks):
    doc = make_doc(S.SUBMITTED)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(PermissionDenied) as exc:
        sample_move(doc=doc, to=to, actor=clerk, reason="Looks fine.")
    assert (exc.value.code, exc.value.status) == ("permission_denied", 403)
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()
    assert callbacks == []


@pytest.mark.django_db
def test_a_guard_refusal_says_why(make_doc, clerk, django_capture_on_commit_callbacks):
    doc = make_doc(title="")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as exc:
        sample_move(doc=doc, to=S.SUBMITTED, actor=clerk)
    assert (exc.value.code, exc.value.status) == ("guard_failed", 422)
    assert exc.value.message == "Give the document a title before submitting it."
    assert _stored(doc) == S.DRAFT
    assert not StatusChange.objects.exists()
    assert callbacks == []


@pytest.mark.django_db
def test_guards_see_the_callers_context(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    with pytest.raises(ValidationFailed, match=r"Approval is blocked\."):
        sample_move(doc=doc, to=S.APPROVED, actor=approver, context={"blocked": True})
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "   ", "\n\t", None])
def test_a_required_reason_must_be_given(make_doc, approver, reason):
    doc = make_doc(S.SUBMITTED)
    with pytest.raises(ValidationFailed) as exc:
        sample_move(doc=doc, to=S.REJECTED, actor=approver, reason=reason)
    assert (exc.value.code, exc.value.message) == (
        "reason_required",
        "A reason is required for this change.",
    )
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_the_status_cannot_be_smuggled_through_changes(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    with pytest.raises(ValueError, match="through to_status"):
        sample_move(doc=doc, to=S.REJECTED, actor=approver, reason="x", changes={"status": "x"})
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_a_bad_change_rolls_the_whole_move_back(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    with pytest.raises(ValueError, match="no_such_field"):
        sample_move(doc=doc, to=S.APPROVED, actor=approver, changes={"no_such_field": 1})
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_an_unsaved_or_deleted_document_is_refused(make_doc, approver):
    with pytest.raises(ValueError, match="Save the document"):
        sample_move(doc=SampleDocument(title="x"), to=S.SUBMITTED, actor=approver)
    doc = make_doc()
    SampleDocument.objects.filter(pk=doc.pk).delete()
    with pytest.raises(NotFound):
        sample_move(doc=doc, to=S.SUBMITTED, actor=approver)
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_the_decision_uses_the_stored_status_not_a_stale_copy(make_doc, approver):
    doc = make_doc()
    stale = SampleDocument.objects.get(pk=doc.pk)
    sample_move(doc=doc, to=S.SUBMITTED, actor=approver)
    with pytest.raises(TransitionNotAllowed) as exc:
        sample_move(doc=stale, to=S.SUBMITTED, actor=approver)
    assert exc.value.details["current"] == S.SUBMITTED
    assert StatusChange.objects.count() == 1


# --- events after commit ----------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_events_are_delivered_only_after_commit(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    with transaction.atomic():
        sample_move(doc=doc, to=S.APPROVED, actor=approver)
        assert wiring.RECEIVED == []
        assert SampleDocument.objects.get(pk=doc.pk).notifications == 0
    assert _received() == [("record", "SampleApproved"), ("any_transition", "SampleApproved")]
    assert SampleDocument.objects.get(pk=doc.pk).notifications == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transition_announces_nothing(make_doc, approver):
    doc = make_doc(S.SUBMITTED)
    in_rolled_back_transaction(
        lambda: sample_move(doc=doc, to=S.REJECTED, actor=approver, reason="Too dear.")
    )
    assert wiring.RECEIVED == []
    assert _stored(doc) == S.SUBMITTED
    assert not StatusChange.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transition_without_event_announces_nothing(make_doc, approver):
    sample_move(doc=make_doc(), to=S.CANCELLED, actor=approver, reason="Duplicate.")
    assert wiring.RECEIVED == []
    assert StatusChange.objects.count() == 1


# --- concurrency (PostgreSQL row locks) ---------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("first", "second"),
    [((S.APPROVED, ""), (S.REJECTED, "No.")), ((S.APPROVED, ""), (S.APPROVED, ""))],
)
def test_of_two_concurrent_moves_exactly_one_wins(make_doc, approver, first, second):
    doc = make_doc(S.SUBMITTED)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def attempt(name: str, to: str, reason: str) -> None:
        copy = SampleDocument.objects.get(pk=doc.pk)  # each request loads its own copy
        try:
            start.wait()
            with transaction.atomic():
                sample_move(doc=copy, to=to, actor=approver, reason=reason)
                time.sleep(0.3)  # hold the row lock while the other one asks for it
            outcomes[name] = to
        except Exception as exc:
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=("a", *first)),
        threading.Thread(target=attempt, args=("b", *second)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    won = [v for v in outcomes.values() if isinstance(v, str)]
    lost = [v for v in outcomes.values() if not isinstance(v, str)]
    assert len(won) == 1
    assert len(lost) == 1
    assert isinstance(lost[0], TransitionNotAllowed)
    assert lost[0].details["current"] == won[0]
    assert _stored(doc) == won[0]
    assert [(c.from_status, c.to_status) for c in StatusChange.objects.all()] == [
        ("submitted", won[0])
    ]
    winner_event = {S.APPROVED: SampleApproved, S.REJECTED: SampleRejected}[won[0]]
    assert {type(event) for _, event in wiring.RECEIVED} == {winner_event}
