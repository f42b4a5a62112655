import os
from importlib import import_module

import pytest
from django.contrib.auth.hashers import identify_hasher

from atelier.accounts.tests.factories import PASSWORD, make_user
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_in_the_real_settings(settings):
    # conftest swaps in MD5 to keep the suite fast; put the settings module's own list back
    project_settings = import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    assert settings.PASSWORD_HASHERS == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]

    customer = make_user(Role.CUSTOMER, "c@example.com")
    staff = make_user(Role.DESIGNER, "d@atelier.test")

    for user in (customer, staff):
        assert user.password.startswith("argon2$argon2id$")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password(PASSWORD)
