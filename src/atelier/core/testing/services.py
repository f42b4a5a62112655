"""Sample services, written the way contexts write theirs."""

from django.db import transaction

from atelier.core.actor import Actor
from atelier.core.numbering import next_number
from atelier.core.statemachine import apply_transition
from atelier.core.testing.models import SampleDocument
from atelier.core.testing.transitions import TRANSITIONS


def sample_create(*, title: str = "", actor: Actor) -> SampleDocument:
    with transaction.atomic():
        return SampleDocument.objects.create(number=next_number("SD"), title=title)


def sample_move(*, doc: SampleDocument, to: str, actor: Actor, **kwargs) -> SampleDocument:
    return apply_transition(doc, to, table=TRANSITIONS, actor=actor, **kwargs)
