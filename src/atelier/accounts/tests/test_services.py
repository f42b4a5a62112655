import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from atelier.accounts import services
from atelier.accounts.actors import actor_for
from atelier.accounts.models import User
from atelier.accounts.tests.factories import (
    PASSWORD,
    make_boutique,
    make_manufacturer,
    make_region,
    make_user,
)
from atelier.core.actor import ANONYMOUS, system_actor
from atelier.core.errors import PermissionDenied, ValidationFailed
from atelier.core.roles import Role

pytestmark = pytest.mark.django_db

SYSTEM = system_actor("test")


@pytest.fixture
def org():
    eu = make_region("eu")
    return {
        "eu": eu,
        "paris": make_boutique("paris", eu),
        "milan": make_boutique("milan", eu),
        "bottega": make_manufacturer("bottega"),
    }


def nothing_written():
    return User.objects.count() == 0 and EmailAddress.objects.count() == 0


# --- customer_create -------------------------------------------------------------------


def test_customer_create_makes_a_verified_customer():
    user = services.customer_create(
        email="  Carla.Bruni@Example.COM ",
        password=PASSWORD,
        first_name="Carla",
        last_name="Bruni",
    )

    assert (user.email, user.kind, user.first_name, user.last_name) == (
        "carla.bruni@example.com",
        "customer",
        "Carla",
        "Bruni",
    )
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.check_password(PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["customer"]
    assert list(
        EmailAddress.objects.filter(user=user).values_list("email", "primary", "verified")
    ) == [("carla.bruni@example.com", True, True)]


def test_customer_create_unverified():
    user = services.customer_create(email="d@example.com", password=PASSWORD, verified=False)
    assert EmailAddress.objects.get(user=user).verified is False


@pytest.mark.parametrize(
    ("email", "password", "code", "message"),
    [
        ("not-an-address", PASSWORD, "invalid_email", "Enter a valid e-mail address."),
        ("", PASSWORD, "invalid_email", "Enter a valid e-mail address."),
        (
            "e@example.com",
            "short",
            "weak_password",
            "This password is too short. It must contain at least 10 characters.",
        ),
        (
            "e@example.com",
            "12345678901234",
            "weak_password",
            "This password is entirely numeric.",
        ),
    ],
)
def test_customer_create_refuses_bad_input_and_writes_nothing(email, password, code, message):
    with pytest.raises(ValidationFailed) as exc:
        services.customer_create(email=email, password=password)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert nothing_written()


def test_customer_create_refuses_a_taken_address_in_any_case():
    services.customer_create(email="taken@example.com", password=PASSWORD)
    with pytest.raises(ValidationFailed) as exc:
        services.customer_create(email="TAKEN@example.com", password=PASSWORD)
    assert (exc.value.code, exc.value.message) == (
        "email_taken",
        "An account with this e-mail address already exists.",
    )
    assert User.objects.count() == 1


# --- user_create_staff -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "scope", "kind"),
    [
        (Role.SALES_REPRESENTATIVE, {"boutiques": ["paris"]}, "staff"),
        (Role.STORE_MANAGER, {"boutiques": ["paris", "milan"]}, "staff"),
        (Role.SALES_DIRECTOR, {"regions": ["eu"]}, "staff"),
        (Role.MANUFACTURER, {"manufacturer": "bottega"}, "manufacturer"),
        (Role.PRODUCTION_MANAGER, {}, "staff"),
        (Role.ECOMMERCE_MANAGER, {}, "staff"),
        (Role.QUALITY_CONTROLLER, {}, "staff"),
        (Role.CUSTOMER_SERVICE_MANAGER, {}, "staff"),
        (Role.DESIGNER, {}, "staff"),
        (Role.ACCOUNTING_MANAGER, {}, "staff"),
        (Role.ADMIN, {}, "staff"),
        (Role.SUPER_ADMIN, {}, "staff"),
    ],
)
def test_user_create_staff_for_every_role(org, role, scope, kind):
    user = services.user_create_staff(
        email="New.Person@Atelier.test", role=role, actor=SYSTEM, password=PASSWORD, **scope
    )

    user.refresh_from_db()
    assert (user.email, user.kind) == ("new.person@atelier.test", kind)
    assert list(user.groups.values_list("name", flat=True)) == [role.value]
    assert sorted(user.boutiques.values_list("code", flat=True)) == sorted(
        scope.get("boutiques", [])
    )
    assert list(user.regions.values_list("code", flat=True)) == scope.get("regions", [])
    assert (user.manufacturer.code if user.manufacturer else None) == scope.get("manufacturer")
    assert (user.is_staff, user.is_superuser) == ((role == Role.SUPER_ADMIN,) * 2)
    assert user.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=user).verified is True


def test_user_create_staff_accepts_rows_as_well_as_codes(org):
    user = services.user_create_staff(
        email="s@atelier.test",
        role="store_manager",
        boutiques=[org["paris"], "milan"],
        actor=SYSTEM,
    )
    assert set(user.boutiques.values_list("code", flat=True)) == {"paris", "milan"}


def test_user_create_staff_without_password_cannot_sign_in_until_one_is_set(org):
    user = services.user_create_staff(email="d@atelier.test", role=Role.DESIGNER, actor=SYSTEM)
    assert user.has_usable_password() is False


@pytest.mark.parametrize(
    ("role", "scope", "code", "message"),
    [
        (Role.STORE_MANAGER, {}, "boutique_required", "A store manager account needs a boutique."),
        (
            Role.SALES_REPRESENTATIVE,
            {"regions": ["eu"]},
            "boutique_required",
            "A sales representative account needs a boutique.",
        ),
        (Role.SALES_DIRECTOR, {}, "region_required", "A sales director account needs a region."),
        (
            Role.MANUFACTURER,
            {},
            "manufacturer_required",
            "A manufacturer account needs a manufacturer.",
        ),
        (
            Role.STORE_MANAGER,
            {"boutiques": ["paris"], "regions": ["eu"]},
            "region_not_allowed",
            "Store manager accounts are not tied to a region.",
        ),
        (
            Role.SALES_DIRECTOR,
            {"regions": ["eu"], "boutiques": ["paris"]},
            "boutique_not_allowed",
            "Sales director accounts are not tied to a boutique.",
        ),
        (
            Role.DESIGNER,
            {"manufacturer": "bottega"},
            "manufacturer_not_allowed",
            "Designer accounts are not tied to a manufacturer.",
        ),
        (
            Role.MANUFACTURER,
            {"manufacturer": "bottega", "boutiques": ["paris"]},
            "boutique_not_allowed",
            "Manufacturer accounts are not tied to a boutique.",
        ),
        (
            Role.STORE_MANAGER,
            {"boutiques": ["paris", "rome", "oslo"]},
            "unknown_boutique",
            "Unknown boutique: oslo, rome.",
        ),
        (Role.SALES_DIRECTOR, {"regions": ["mars"]}, "unknown_region", "Unknown region: mars."),
        (
            Role.MANUFACTURER,
            {"manufacturer": "nobody"},
            "unknown_manufacturer",
            "Unknown manufacturer: nobody.",
        ),
        (
            Role.CUSTOMER,
            {},
            "role_not_allowed",
            "Customer accounts are not created by staff: customers sign up themselves.",
        ),
        (
            Role.GUEST,
            {},
            "role_not_allowed",
            "Guest accounts are not created by staff: customers sign up themselves.",
        ),
        ("janitor", {}, "unknown_role", "Unknown role 'janitor'."),
    ],
)
def test_user_create_staff_refuses_role_and_scope_mismatches(org, role, scope, code, message):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create_staff(email="x@atelier.test", role=role, actor=SYSTEM, **scope)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert nothing_written()


@pytest.mark.parametrize(
    ("email", "password", "code", "message"),
    [
        ("nope", None, "invalid_email", "Enter a valid e-mail address."),
        (
            "x@atelier.test",
            "password123",
            "weak_password",
            "This password is too common.",
        ),
    ],
)
def test_user_create_staff_refuses_bad_email_or_password(org, email, password, code, message):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create_staff(email=email, role=Role.DESIGNER, password=password, actor=SYSTEM)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert nothing_written()


def test_user_create_staff_refuses_a_taken_address(org):
    services.customer_create(email="taken@example.com", password=PASSWORD)
    with pytest.raises(ValidationFailed) as exc:
        services.user_create_staff(email="Taken@Example.com", role=Role.DESIGNER, actor=SYSTEM)
    assert exc.value.code == "email_taken"
    assert User.objects.count() == 1


@pytest.mark.parametrize("creator_role", [Role.STORE_MANAGER, Role.SALES_DIRECTOR, Role.CUSTOMER])
def test_only_user_managers_create_accounts(org, creator_role):
    scope = {
        Role.STORE_MANAGER: {"boutiques": ["paris"]},
        Role.SALES_DIRECTOR: {"regions": ["eu"]},
        Role.CUSTOMER: {},
    }[creator_role]
    creator = actor_for(make_user(creator_role, "creator@atelier.test", **scope))
    for actor in (creator, ANONYMOUS):
        with pytest.raises(PermissionDenied) as exc:
            services.user_create_staff(email="x@atelier.test", role=Role.DESIGNER, actor=actor)
        assert exc.value.message == "You are not allowed to create accounts."
    assert not User.objects.filter(email="x@atelier.test").exists()


def test_admin_creates_staff_but_not_admins(org):
    admin = actor_for(make_user(Role.ADMIN, "admin@atelier.test"))

    made = services.user_create_staff(
        email="rep@atelier.test", role=Role.SALES_REPRESENTATIVE, boutiques=["paris"], actor=admin
    )
    assert made.groups.get().name == "sales_representative"
    for role, label in ((Role.ADMIN, "admin"), (Role.SUPER_ADMIN, "super admin")):
        with pytest.raises(PermissionDenied) as exc:
            services.user_create_staff(email=f"{role}@x.test", role=role, actor=admin)
        assert exc.value.message == f"Only a super admin can create {label} accounts."
    assert User.objects.count() == 2


def test_super_admin_creates_admins(org):
    boss = actor_for(make_user(Role.SUPER_ADMIN, "boss@atelier.test"))
    admin = services.user_create_staff(email="a2@atelier.test", role=Role.ADMIN, actor=boss)
    assert admin.groups.get().name == "admin"
    assert (admin.is_staff, admin.is_superuser) == (False, False)


def test_groups_come_back_when_a_flushed_database_has_none(org):
    Group.objects.all().delete()
    user = services.customer_create(email="f@example.com", password=PASSWORD)
    assert user.groups.get().name == "customer"
    assert Group.objects.count() == 14


def test_createsuperuser_makes_a_staff_kind_account():
    user = User.objects.create_superuser("root@atelier.test", PASSWORD)
    assert (user.kind, user.is_superuser, user.is_staff) == ("staff", True, True)


def test_a_simultaneous_sign_up_with_the_same_address_gets_the_same_clear_error(monkeypatch):
    services.customer_create(email="race@example.com", password=PASSWORD)
    # the other request passed the check before this one committed
    monkeypatch.setattr(services, "_clean_new_email", lambda email: email)

    with pytest.raises(ValidationFailed) as exc:
        services.customer_create(email="race@example.com", password=PASSWORD)

    assert exc.value.code == "email_taken"
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1


def test_a_single_code_is_taken_as_one_boutique(org):
    user = services.user_create_staff(
        email="s@atelier.test", role=Role.STORE_MANAGER, boutiques="paris", actor=SYSTEM
    )
    assert list(user.boutiques.values_list("code", flat=True)) == ["paris"]
