import pytest

from atelier.core.actor import Actor
from atelier.core.errors import NotFound, PermissionDenied, ValidationFailed
from atelier.customers.facade import contact_preference
from atelier.customers.models import ContactPreference
from atelier.customers.services import contact_preference_set
from atelier.customers.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _actor(user) -> Actor:
    return Actor(user_id=user.pk, permissions=frozenset(), label=user.email)


def test_customer_sets_and_reads_their_preference():
    user = UserFactory()
    contact_preference_set(
        user_id=user.pk,
        actor=_actor(user),
        sms_opt_in=True,
        phone="+33 6 12 34 56 78",
        language="FR",
    )
    info = contact_preference(user.pk)
    assert (info.phone, info.sms_opt_in, info.language) == ("+33612345678", True, "fr")
    assert contact_preference(UserFactory().pk) is None
    assert contact_preference(None) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sms_opt_in": True, "phone": ""},
        {"sms_opt_in": False, "phone": "12"},
        {"sms_opt_in": False, "language": "xx"},
    ],
)
def test_bad_input_is_refused_and_nothing_written(kwargs):
    user = UserFactory()
    with pytest.raises(ValidationFailed):
        contact_preference_set(user_id=user.pk, actor=_actor(user), **kwargs)
    assert not ContactPreference.objects.exists()


def test_someone_else_cannot_set_it():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        contact_preference_set(user_id=user.pk, actor=_actor(other), sms_opt_in=False)
    assert not ContactPreference.objects.exists()


def test_unknown_customer_is_not_found():
    staff = Actor(user_id=None, label="system", is_system=True)
    with pytest.raises(NotFound):
        contact_preference_set(user_id=999999, actor=staff, sms_opt_in=False)
