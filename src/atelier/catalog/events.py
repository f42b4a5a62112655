"""Events the catalog publishes (after commit)."""

from dataclasses import dataclass

from atelier.core.events import TransitionEvent


@dataclass(frozen=True, kw_only=True)
class ProductSubmittedForReview(TransitionEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class ProductPublished(TransitionEvent):
    """A product went live in a channel (object_id is the ProductPublication id)."""


@dataclass(frozen=True, kw_only=True)
class ProductReturnedToDraft(TransitionEvent):
    """Rejected in review or unpublished: caches and search indexes should drop it."""
