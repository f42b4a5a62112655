"""Publication governance: every status change goes through the transition table."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from atelier.catalog.enums import Channel
from atelier.catalog.enums import PublicationStatus as S
from atelier.catalog.models import Product, ProductPublication
from atelier.catalog.transitions import TRANSITIONS
from atelier.core import cache
from atelier.core.actor import Actor
from atelier.core.errors import ValidationFailed
from atelier.core.statemachine import (
    TransitionNotAllowed,
    allowed_transitions,
    apply_transition,
)


def publication_for(product: Product, channel: str) -> ProductPublication:
    if channel not in Channel.values:
        raise ValidationFailed(f"channel: choose one of {', '.join(Channel.values)}.")
    publication, _ = ProductPublication.objects.select_related("product").get_or_create(
        product=product, channel=channel
    )
    return publication


def publication_transition(
    *,
    product: Product,
    channel: str,
    to_status: str,
    actor: Actor,
    reason: str = "",
    expect: str | None = None,
) -> ProductPublication:
    """Move the product's publication in `channel` to `to_status` (checked, audited).

    `expect` names the status the caller means to leave (reject and unpublish both lead
    to draft); another current status is refused like any forbidden move.
    """
    with transaction.atomic():
        publication = publication_for(product, channel)
        if expect is not None and publication.status != expect:
            raise TransitionNotAllowed(
                f"Cannot move from {publication.status!r} to {to_status!r} this way.",
                current=publication.status,
            )
        changes = {"published_at": timezone.now() if to_status == S.PUBLISHED else None}
        publication = apply_transition(
            publication,
            to_status,
            table=TRANSITIONS,
            actor=actor,
            reason=reason,
            changes=changes,
        )
        cache.bump("catalog")
        return publication


def product_submit_for_review(*, product: Product, channel: str, actor: Actor):
    return publication_transition(
        product=product, channel=channel, to_status=S.IN_REVIEW, actor=actor
    )


def product_approve(*, product: Product, channel: str, actor: Actor):
    """The e-commerce manager approves: the product is published (and sold) in `channel`."""
    return publication_transition(
        product=product, channel=channel, to_status=S.PUBLISHED, actor=actor
    )


def product_reject(*, product: Product, channel: str, reason: str, actor: Actor):
    return publication_transition(
        product=product,
        channel=channel,
        to_status=S.DRAFT,
        actor=actor,
        reason=reason,
        expect=S.IN_REVIEW,
    )


def product_unpublish(*, product: Product, channel: str, reason: str, actor: Actor):
    return publication_transition(
        product=product,
        channel=channel,
        to_status=S.DRAFT,
        actor=actor,
        reason=reason,
        expect=S.PUBLISHED,
    )


def publication_actions(*, product: Product, channel: str, actor: Actor) -> list[str]:
    """Statuses the actor may move the product to in `channel` now (for buttons)."""
    publication = publication_for(product, channel)
    return allowed_transitions(publication, table=TRANSITIONS, actor=actor)
