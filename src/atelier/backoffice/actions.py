"""What every back-office form post does around its one service call: run it, show a
refusal (and each problem it lists) as a message, or the success message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages

from atelier.core.errors import Conflict, PermissionDenied, ValidationFailed

REFUSALS = (ValidationFailed, Conflict, PermissionDenied)


@dataclass(frozen=True)
class Outcome:
    """What the service returned; false when it refused."""

    ok: bool
    value: object = None

    def __bool__(self) -> bool:
        return self.ok


def attempt(
    request,
    action: Callable[[], object],
    success: str,
    *,
    refusals: tuple[type[Exception], ...] = REFUSALS,
) -> Outcome:
    """Run one service; show its refusal as messages, else `success`."""
    try:
        value = action()
    except refusals as exc:
        messages.error(request, exc.message)
        for problem in getattr(exc, "details", {}).get("problems", ()):
            messages.error(request, problem)
        return Outcome(False)
    messages.success(request, success)
    return Outcome(True, value)


def form_error(request, form) -> None:
    """The form's first error as a message, prefixed with its field's label."""
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    messages.error(request, f"{label}: {errors[0]}" if label else errors[0])
