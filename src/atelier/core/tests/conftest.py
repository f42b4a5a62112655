"""Fixtures for the kernel's tests: actors, sample documents, test event wiring."""

import pytest

from atelier.core.actor import Actor
from atelier.core.testing import wiring
from atelier.core.testing.fakes import PROVIDER
from atelier.core.testing.services import sample_create
from atelier.core.testing.transitions import APPROVE


@pytest.fixture(autouse=True)
def _kernel_test_wiring(settings):
    settings.EVENT_WIRING = "atelier.core.testing.wiring.HANDLERS"
    settings.OUTBOX_SENDERS = {**settings.OUTBOX_SENDERS, "fake": "atelier.core.testing.fakes.send"}
    wiring.RECEIVED.clear()
    PROVIDER.reset()
    yield
    wiring.RECEIVED.clear()
    PROVIDER.reset()


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(
        email="clara@atelier.example", password="correct-horse-1", first_name="Clara"
    )


@pytest.fixture
def clerk(user):
    return Actor(user_id=user.pk, label="Clara (clerk)")


@pytest.fixture
def approver(user):
    return Actor(user_id=user.pk, label="Clara (approver)", permissions=frozenset({APPROVE}))


@pytest.fixture
def make_doc(clerk):
    def make(status="draft", title="Walnut sideboard"):
        doc = sample_create(title=title, actor=clerk)
        if status != "draft":
            type(doc).objects.filter(pk=doc.pk).update(status=status)
            doc.refresh_from_db()
        return doc

    return make


@pytest.fixture
def admin_client(client, admin_user):
    """A signed-in superuser with TOTP set up, as the back office requires of admins."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(admin_user, generate_totp_secret())
    client.force_login(admin_user)
    return client
