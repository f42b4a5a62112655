import itertools

import pytest
from django.core.exceptions import ObjectDoesNotExist

from atelier.catalog import services
from atelier.catalog.enums import Channel, PublicationStatus
from atelier.catalog.models import ProductPublication
from atelier.catalog.tests.factories import (
    CUSTOMER,
    DESIGNER,
    MANAGER,
    ProductFactory,
    ProductImageFactory,
    VariantFactory,
)
from atelier.catalog.transitions import TRANSITIONS
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.models import StatusChange
from atelier.core.statemachine import TransitionNotAllowed

pytestmark = pytest.mark.django_db
S = PublicationStatus
FORBIDDEN = [(a, b) for a, b in itertools.product(S.values, S.values) if (a, b) not in TRANSITIONS]


def _ready_product():
    product = ProductFactory()
    VariantFactory(product=product)
    ProductImageFactory(product=product)
    return product


def _set(product, status):
    ProductPublication.objects.filter(product=product).update(status=status)


def _status(product, channel=Channel.ONLINE):
    return ProductPublication.objects.get(product=product, channel=channel).status


@pytest.mark.parametrize(("from_status", "to_status"), FORBIDDEN)
def test_every_forbidden_move_is_refused_and_leaves_no_trace(from_status, to_status):
    product = _ready_product()
    _set(product, from_status)
    with pytest.raises(TransitionNotAllowed):
        services.publication_transition(
            product=product,
            channel=Channel.ONLINE,
            to_status=to_status,
            actor=MANAGER,
            reason="because",
        )
    assert _status(product) == from_status
    assert not StatusChange.objects.exists()


def test_the_table_has_exactly_the_documented_moves():
    assert set(TRANSITIONS) == {
        (S.DRAFT, S.IN_REVIEW),
        (S.IN_REVIEW, S.PUBLISHED),
        (S.IN_REVIEW, S.DRAFT),
        (S.PUBLISHED, S.DRAFT),
    }


def test_submit_approve_unpublish_journey_is_audited():
    product = _ready_product()
    services.product_submit_for_review(product=product, channel=Channel.ONLINE, actor=DESIGNER)
    publication = services.product_approve(product=product, channel=Channel.ONLINE, actor=MANAGER)
    assert publication.status == S.PUBLISHED
    assert publication.published_at is not None
    assert _status(product, Channel.BOUTIQUES) == S.DRAFT  # per channel

    services.product_unpublish(
        product=product, channel=Channel.ONLINE, reason="Discontinued fabric", actor=MANAGER
    )
    changes = list(
        StatusChange.objects.values_list("from_status", "to_status", "actor_label", "reason")
    )
    assert changes == [
        ("draft", "in_review", "designer", ""),
        ("in_review", "published", "e-commerce manager", ""),
        ("published", "draft", "e-commerce manager", "Discontinued fabric"),
    ]
    assert ProductPublication.objects.get(product=product, channel="online").published_at is None


def test_designer_can_submit_but_not_approve():
    product = _ready_product()
    _set(product, S.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        services.product_approve(product=product, channel=Channel.ONLINE, actor=DESIGNER)
    assert _status(product) == S.IN_REVIEW


def test_customer_cannot_submit():
    product = _ready_product()
    with pytest.raises(PermissionDenied):
        services.product_submit_for_review(product=product, channel=Channel.ONLINE, actor=CUSTOMER)
    assert _status(product) == S.DRAFT


def test_reject_needs_a_reason():
    product = _ready_product()
    _set(product, S.IN_REVIEW)
    with pytest.raises(ValidationFailed) as exc:
        services.product_reject(product=product, channel=Channel.ONLINE, reason=" ", actor=MANAGER)
    assert exc.value.code == "reason_required"
    assert _status(product) == S.IN_REVIEW


def test_reject_only_from_review_and_unpublish_only_when_published():
    product = _ready_product()
    _set(product, S.PUBLISHED)
    with pytest.raises(TransitionNotAllowed):
        services.product_reject(product=product, channel=Channel.ONLINE, reason="x", actor=MANAGER)
    _set(product, S.IN_REVIEW)
    with pytest.raises(TransitionNotAllowed):
        services.product_unpublish(
            product=product, channel=Channel.ONLINE, reason="x", actor=MANAGER
        )
    assert _status(product) == S.IN_REVIEW


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("image", "Add at least one image"),
        ("description", "Write a description"),
        ("category", "Put the product in a category"),
    ],
)
def test_approval_needs_a_sellable_product(missing, message):
    product = _ready_product()
    if missing == "image":
        product.images.all().delete()
    elif missing == "description":
        product.description = ""
        product.save()
    else:
        product.category = None
        product.save()
    _set(product, S.IN_REVIEW)
    with pytest.raises(ValidationFailed, match=message):
        services.product_approve(product=product, channel=Channel.ONLINE, actor=MANAGER)
    assert _status(product) == S.IN_REVIEW


def test_submit_needs_a_variant():
    product = ProductFactory()
    with pytest.raises(ValidationFailed, match="active variant"):
        services.product_submit_for_review(product=product, channel=Channel.ONLINE, actor=MANAGER)


def test_allowed_actions_drive_the_buttons():
    product = _ready_product()
    assert services.publication_actions(product=product, channel="online", actor=DESIGNER) == [
        S.IN_REVIEW
    ]
    _set(product, S.IN_REVIEW)
    assert services.publication_actions(product=product, channel="online", actor=DESIGNER) == []
    assert set(services.publication_actions(product=product, channel="online", actor=MANAGER)) == {
        S.PUBLISHED,
        S.DRAFT,
    }


def test_unknown_channel_is_refused():
    with pytest.raises((ValidationFailed, ObjectDoesNotExist)):
        services.product_submit_for_review(product=_ready_product(), channel="moon", actor=MANAGER)
