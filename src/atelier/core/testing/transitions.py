"""The sample document's state machine, shaped like a context's `transitions.py`."""

from dataclasses import dataclass

from atelier.core.events import TransitionEvent
from atelier.core.statemachine import Transition, TransitionTable
from atelier.core.testing.models import SampleStatus as S

APPROVE = "core_testing.approve_sampledocument"


@dataclass(frozen=True, kw_only=True)
class SampleSubmitted(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class SampleApproved(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class SampleRejected(TransitionEvent):
    pass


def has_title(doc, actor, context) -> str | None:
    return None if doc.title.strip() else "Give the document a title before submitting it."


def not_blocked(doc, actor, context) -> str | None:
    return "Approval is blocked." if context.get("blocked") else None


TRANSITIONS: TransitionTable = {
    (S.DRAFT, S.SUBMITTED): Transition(guards=(has_title,), event=SampleSubmitted, label="Submit"),
    (S.DRAFT, S.CANCELLED): Transition(requires_reason=True, label="Cancel"),
    (S.SUBMITTED, S.APPROVED): Transition(
        permission=APPROVE, guards=(not_blocked,), event=SampleApproved, label="Approve"
    ),
    (S.SUBMITTED, S.REJECTED): Transition(
        permission=APPROVE, requires_reason=True, event=SampleRejected, label="Reject"
    ),
    (S.SUBMITTED, S.CANCELLED): Transition(requires_reason=True, label="Cancel"),
    (S.REJECTED, S.DRAFT): Transition(label="Reopen"),
}
