"""One way to change a document's status.

Each context declares its table in `transitions.py`::

    TRANSITIONS: TransitionTable = {
        (Status.DRAFT, Status.AWAITING): Transition(
            permission="core.release_purchase_orders",
            guards=(has_required_files,),
            event=PurchaseOrderReleased,
            label="Release to workshop",
        ),
    }

and its services call `apply_transition()`: it locks the row, checks that the move is in
the table, that the actor may make it and that every guard passes, saves the new status,
writes a `StatusChange` audit row and publishes the transition's event after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed
from atelier.core.events import TransitionEvent, publish
from atelier.core.models import StatusChange

# A guard looks at the locked row and returns None when the move may happen, or a
# sentence saying why not.
Guard = Callable[[models.Model, Actor, dict], str | None]


@dataclass(frozen=True)
class Transition:
    guards: tuple[Guard, ...] = ()
    event: type[TransitionEvent] | None = None
    permission: str | None = None
    label: str = ""
    requires_reason: bool = False


TransitionTable = dict[tuple[str, str], Transition]


class TransitionNotAllowed(Conflict):
    code = "transition_not_allowed"


def allowed_transitions(
    obj: models.Model,
    *,
    table: TransitionTable,
    actor: Actor,
    field: str = "status",
    context: dict | None = None,
) -> list[str]:
    """Statuses `actor` may move `obj` to now (for buttons and 409 answers)."""
    current = getattr(obj, field)
    return [
        to
        for (frm, to), t in table.items()
        if frm == current and _refusal(obj, t, actor, context or {}) is None
    ]


def apply_transition(
    obj: models.Model,
    to_status: str,
    *,
    table: TransitionTable,
    actor: Actor,
    reason: str = "",
    field: str = "status",
    context: dict | None = None,
    changes: dict[str, Any] | None = None,
) -> models.Model:
    """Move `obj` to `to_status` and return the saved, locked row.

    `changes` are other fields to set in the same save (e.g. `accepted_at`). Raises
    `TransitionNotAllowed` (409) when the move is not in the table, `PermissionDenied`
    when the actor lacks the permission, and `ValidationFailed` when a guard refuses or a
    required reason is missing; nothing is written in any of those cases.
    """
    context = context or {}
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        from_status = getattr(locked, field)
        spec = table.get((from_status, to_status))
        if spec is None:
            allowed = allowed_transitions(locked, table=table, actor=actor, field=field)
            raise TransitionNotAllowed(
                f"Cannot move from {from_status!r} to {to_status!r}.",
                allowed=allowed,
                current=from_status,
            )
        refusal = _refusal(locked, spec, actor, context)
        if refusal is not None:
            raise refusal
        if spec.requires_reason and not reason:
            raise ValidationFailed("A reason is required for this change.", code="reason_required")
        setattr(locked, field, to_status)
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=[field, *(changes or {})])
        change = StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=str(locked.pk),
            from_status=from_status,
            to_status=to_status,
            actor_id=actor.user_id,
            actor_label=actor.label,
            reason=reason,
        )
        if spec.event is not None:
            publish(
                spec.event(
                    model=locked._meta.label_lower,
                    object_id=str(locked.pk),
                    from_status=from_status,
                    to_status=to_status,
                    actor_id=actor.user_id,
                    reason=reason,
                    change_id=change.pk,
                )
            )
    return locked


def _refusal(obj, spec: Transition, actor: Actor, context: dict) -> Exception | None:
    if spec.permission and not actor.has_perm(spec.permission):
        return PermissionDenied("You are not allowed to make this change.")
    for guard in spec.guards:
        message = guard(obj, actor, context)
        if message:
            return ValidationFailed(message, code="guard_failed")
    return None


def history(obj: models.Model) -> Iterable[StatusChange]:
    """The status changes of `obj`, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
