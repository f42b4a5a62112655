"""Publication of a product in one channel: draft -> in review -> published.

    draft --submit (manage)--> in_review --approve (publish)--> published
      ^                          |                                 |
      +----reject (publish, reason)                                |
      +-------------------------unpublish (publish, reason)--------+

Anyone who edits the catalog may submit; only the e-commerce manager (publish_catalog)
approves, rejects or unpublishes. Approval needs a sellable product.
"""

from __future__ import annotations

from atelier.accounts.roles import Cap
from atelier.catalog.enums import PublicationStatus as S
from atelier.catalog.events import (
    ProductPublished,
    ProductReturnedToDraft,
    ProductSubmittedForReview,
)
from atelier.core.statemachine import Transition, TransitionTable


def has_active_variant(publication, actor, context) -> str | None:
    if not publication.product.variants.filter(is_active=True).exists():
        return "Add at least one active variant (SKU) first."
    return None


def has_image(publication, actor, context) -> str | None:
    if not publication.product.images.exists():
        return "Add at least one image (with alt text) first."
    return None


def has_description(publication, actor, context) -> str | None:
    if not publication.product.description.strip():
        return "Write a description first."
    return None


def has_category(publication, actor, context) -> str | None:
    if publication.product.category_id is None:
        return "Put the product in a category first."
    return None


READY = (has_active_variant, has_image, has_description, has_category)

TRANSITIONS: TransitionTable = {
    (S.DRAFT, S.IN_REVIEW): Transition(
        permission=Cap.MANAGE_CATALOG.perm,
        guards=(has_active_variant,),
        event=ProductSubmittedForReview,
        label="Submit for review",
    ),
    (S.IN_REVIEW, S.PUBLISHED): Transition(
        permission=Cap.PUBLISH_CATALOG.perm,
        guards=READY,
        event=ProductPublished,
        label="Approve and publish",
    ),
    (S.IN_REVIEW, S.DRAFT): Transition(
        permission=Cap.PUBLISH_CATALOG.perm,
        requires_reason=True,
        event=ProductReturnedToDraft,
        label="Send back to draft",
    ),
    (S.PUBLISHED, S.DRAFT): Transition(
        permission=Cap.PUBLISH_CATALOG.perm,
        requires_reason=True,
        event=ProductReturnedToDraft,
        label="Unpublish",
    ),
}
