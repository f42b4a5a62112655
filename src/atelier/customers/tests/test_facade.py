import pytest

from atelier.customers.facade import group_ids_for_user
from atelier.customers.tests.factories import CustomerGroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_group_ids_for_user_lists_only_the_users_groups(django_assert_num_queries):
    alice, bob = UserFactory(), UserFactory()
    collectors = CustomerGroupFactory(members=[alice])
    trade = CustomerGroupFactory(members=[alice, bob])
    CustomerGroupFactory(members=[bob])

    with django_assert_num_queries(1):
        assert group_ids_for_user(alice.pk) == frozenset({collectors.pk, trade.pk})


def test_guest_has_no_groups(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert group_ids_for_user(None) == frozenset()
