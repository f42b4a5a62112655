"""Invitations: signed, single-use, expiring links bound to an e-mail and a workshop."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from atelier.accounts import invitations
from atelier.accounts.models import ManufacturerInvitation, User
from atelier.accounts.tests.factories import PASSWORD, make_manufacturer, make_user
from atelier.core.actor import Actor
from atelier.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from atelier.core.models import OutboxMessage
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Joinery-bench-2026-oak"


@pytest.fixture
def maker():
    return make_manufacturer("wsa")


@pytest.fixture
def manager():
    from atelier.accounts.actors import actor_for

    return actor_for(make_user(Role.PRODUCTION_MANAGER))


def invite(maker, manager, email="new@workshop.test") -> str:
    invitations.invitation_create(email=email, manufacturer_id=maker.pk, actor=manager)
    text = OutboxMessage.objects.filter(channel="email").order_by("-id").first().payload["text"]
    return re.search(r"/portal/invitation/([^/\s]+)/", text).group(1)


def counts() -> tuple[int, int]:
    return User.objects.count(), ManufacturerInvitation.objects.filter(accepted_at=None).count()


def test_an_invitee_sets_a_password_and_gets_a_workshop_account(client, maker, manager):
    token = invite(maker, manager)
    row = ManufacturerInvitation.objects.get()
    assert token not in row.token_hash  # only a hash is stored
    page = client.get(f"/portal/invitation/{token}/")
    assert "new@workshop.test" in page.content.decode()
    response = client.post(
        f"/portal/invitation/{token}/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "first_name": "Gia"},
    )
    assert response.status_code == 200
    assert "Set up two-factor" in response.content.decode()
    user = User.objects.get(email="new@workshop.test")
    assert (user.kind, user.manufacturer_id, user.first_name) == ("manufacturer", maker.pk, "Gia")
    assert list(user.groups.values_list("name", flat=True)) == [Role.MANUFACTURER.value]
    assert client.get("/portal/").status_code == 200  # signed in


def test_a_used_link_is_refused_and_creates_nothing(client, maker, manager):
    token = invite(maker, manager)
    invitations.invitation_accept(token=token, password=NEW_PASSWORD)
    before = counts()
    response = client.post(
        f"/portal/invitation/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 409
    assert "already been used" in response.content.decode()
    with pytest.raises(Conflict):
        invitations.invitation_accept(token=token, password=NEW_PASSWORD)
    assert counts() == before


def test_an_expired_link_is_refused(client, maker, manager):
    token = invite(maker, manager)
    ManufacturerInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    before = counts()
    response = client.post(
        f"/portal/invitation/{token}/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "expired" in response.content.decode()
    assert counts() == before


def test_expiry_follows_the_setting(settings, maker, manager):
    settings.PORTAL_INVITATION_DAYS = 3
    invite(maker, manager)
    left = ManufacturerInvitation.objects.get().expires_at - timezone.now()
    assert timedelta(days=2, hours=23) < left <= timedelta(days=3)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: signing.dumps({"i": 1, "t": "guessed"}, salt="other"),
        lambda t: signing.dumps({"i": 1, "t": "guessed"}, salt=invitations.SALT),
        lambda t: "garbage",
    ],
)
def test_tampered_links_are_refused(client, maker, manager, tamper):
    token = invite(maker, manager)
    before = counts()
    bad = tamper(token)
    assert client.get(f"/portal/invitation/{bad}/").status_code == 404
    with pytest.raises(NotFound):
        invitations.invitation_accept(token=bad, password=NEW_PASSWORD)
    assert counts() == before


def test_a_weak_password_is_refused_and_nothing_written(client, maker, manager):
    token = invite(maker, manager)
    before = counts()
    response = client.post(f"/portal/invitation/{token}/", {"password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert counts() == before
    assert ManufacturerInvitation.objects.get().accepted_at is None


def test_re_inviting_re_sends_with_a_new_link_and_the_old_one_stops(client, maker, manager):
    old = invite(maker, manager)
    new = invite(maker, manager)
    assert ManufacturerInvitation.objects.get().sent_count == 2
    assert client.get(f"/portal/invitation/{old}/").status_code == 404
    assert client.get(f"/portal/invitation/{new}/").status_code == 200


def test_refusals(maker, manager):
    make_user(Role.MANUFACTURER, "taken@workshop.test", manufacturer=maker)
    other = make_manufacturer("wsb")
    invite(maker, manager, "open@workshop.test")
    before = (counts(), OutboxMessage.objects.count())
    with pytest.raises(Conflict, match="already exists"):
        invitations.invitation_create(
            email="taken@workshop.test", manufacturer_id=maker.pk, actor=manager
        )
    with pytest.raises(Conflict, match="another manufacturer"):
        invitations.invitation_create(
            email="open@workshop.test", manufacturer_id=other.pk, actor=manager
        )
    with pytest.raises(ValidationFailed):
        invitations.invitation_create(email="nope", manufacturer_id=maker.pk, actor=manager)
    with pytest.raises(ValidationFailed):
        invitations.invitation_create(email="x@y.test", manufacturer_id=999999, actor=manager)
    with pytest.raises(PermissionDenied):
        invitations.invitation_create(
            email="x@y.test", manufacturer_id=maker.pk, actor=Actor(user_id=None, label="nobody")
        )
    assert (counts(), OutboxMessage.objects.count()) == before


def test_the_back_office_page_invites(client, maker):
    client.force_login(make_user(Role.PRODUCTION_MANAGER, password=PASSWORD))
    response = client.post(
        "/backoffice/portal-invites/", {"email": "bo@workshop.test", "manufacturer": maker.pk}
    )
    assert response.status_code == 302
    assert ManufacturerInvitation.objects.get().email == "bo@workshop.test"
    page = client.get("/backoffice/portal-invites/").content.decode()
    assert "bo@workshop.test" in page


def test_the_back_office_page_is_refused_without_the_capability(client, maker):
    client.force_login(make_user(Role.DESIGNER))
    response = client.post(
        "/backoffice/portal-invites/", {"email": "bo@workshop.test", "manufacturer": maker.pk}
    )
    assert response.status_code == 403
    assert not ManufacturerInvitation.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_link_used_twice_at_once_makes_one_account(maker, manager):
    from atelier.core.testing import concurrency

    token = invite(maker, manager)
    results = concurrency.concurrently(
        2, lambda i: invitations.invitation_accept(token=token, password=NEW_PASSWORD)
    )
    assert len(results["ok"]) == 1, results
    assert results["refused"] == ["invitation_used"]
    assert User.objects.filter(email="new@workshop.test").count() == 1
