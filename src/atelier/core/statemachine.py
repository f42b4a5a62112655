"""One way to change a document's status.

Each context declares its table in `transitions.py`::

    TRANSITIONS: TransitionTable = {
        (Status.DRAFT, Status.AWAITING): Transition(
            permission="purchasing.release_purchaseorder",
            guards=(has_required_files,),
            event=PurchaseOrderReleased,
            label="Release to workshop",
        ),
    }

and its services call `apply_transition()`: it locks the row, checks that the move is in
the table, that the actor may make it, that a required reason is given and that every
guard passes, saves the new status, writes a `StatusChange` audit row and publishes the
transition's event after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
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
    """Statuses `actor` may move `obj` to now, in table order (for buttons and 409s).

    Transitions that need a reason are included: the form asks for it.
    """
    current = getattr(obj, field)
    return [
        to
        for (frm, to), spec in table.items()
        if frm == current and _refusal(obj, spec, actor, context or {}) is None
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
    `TransitionNotAllowed` (409) when the move is not in the table from the row's
    current status, `PermissionDenied` when the actor lacks the permission, and
    `ValidationFailed` when a required reason is missing or a guard refuses; nothing is
    written in any of those cases. `obj` itself is updated to match the saved row.
    """
    context, changes = context or {}, dict(changes or {})
    reason = (reason or "").strip()
    if field in changes:
        raise ValueError(f"Set {field!r} through to_status, not through changes.")
    updates = {field: to_status, **changes}
    with transaction.atomic():
        locked = _lock(obj)
        from_status = getattr(locked, field)
        spec = table.get((from_status, to_status))
        if spec is None:
            raise _not_allowed(locked, to_status, table, actor, field, context)
        _check(locked, spec, actor, reason, context)
        for name, value in updates.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(updates))
        change = _audit(locked, from_status, to_status, actor, reason)
        if spec.event is not None:
            publish(_event(spec.event, locked, change))
    for name, value in updates.items():
        setattr(obj, name, value)
    return locked


def _lock(obj: models.Model) -> models.Model:
    if obj.pk is None:
        raise ValueError("Save the document before changing its status.")
    manager = type(obj)._base_manager
    try:
        return manager.select_for_update(of=("self",)).get(pk=obj.pk)
    except type(obj).DoesNotExist:
        raise NotFound() from None


def _not_allowed(locked, to_status, table, actor, field, context) -> TransitionNotAllowed:
    current = getattr(locked, field)
    return TransitionNotAllowed(
        f"Cannot move from {current!r} to {to_status!r}.",
        allowed=allowed_transitions(locked, table=table, actor=actor, field=field, context=context),
        current=current,
    )


def _check(locked, spec: Transition, actor: Actor, reason: str, context: dict) -> None:
    if denied := _denied(spec, actor):
        raise denied
    if spec.requires_reason and not reason:
        raise ValidationFailed("A reason is required for this change.", code="reason_required")
    if refused := _guard_refusal(locked, spec, actor, context):
        raise refused


def _refusal(obj, spec: Transition, actor: Actor, context: dict) -> Exception | None:
    return _denied(spec, actor) or _guard_refusal(obj, spec, actor, context)


def _denied(spec: Transition, actor: Actor) -> Exception | None:
    if spec.permission and not actor.has_perm(spec.permission):
        return PermissionDenied("You are not allowed to make this change.")
    return None


def _guard_refusal(obj, spec: Transition, actor: Actor, context: dict) -> Exception | None:
    for guard in spec.guards:
        message = guard(obj, actor, context)
        if message:
            return ValidationFailed(message, code="guard_failed")
    return None


def _audit(locked, from_status: str, to_status: str, actor: Actor, reason: str) -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(locked),
        object_id=str(locked.pk),
        from_status=from_status,
        to_status=to_status,
        actor_id=actor.user_id,
        actor_label=actor.label,
        reason=reason,
    )


def _event(event_cls: type[TransitionEvent], locked, change: StatusChange) -> TransitionEvent:
    return event_cls(
        model=locked._meta.label_lower,
        object_id=change.object_id,
        from_status=change.from_status,
        to_status=change.to_status,
        actor_id=change.actor_id,
        reason=change.reason,
        change_id=change.pk,
    )


def history(obj: models.Model) -> Iterable[StatusChange]:
    """The status changes of `obj`, oldest first."""
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
