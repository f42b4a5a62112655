import json

import pytest

from atelier.accounts.models import User
from atelier.demo.tests.conftest import run

pytestmark = pytest.mark.django_db

KEYS = {"role", "email", "password", "boutique", "manufacturer", "region", "login_url"}


def test_json_lists_every_demo_user_once(demo, settings):
    accounts = json.loads(run("demo_accounts", "--json"))

    assert len(accounts) == User.objects.filter(is_demo=True).count() == 28
    assert all(set(a) == KEYS for a in accounts)
    assert len({a["email"] for a in accounts}) == 28
    assert {a["password"] for a in accounts} == {settings.DEMO_PASSWORD}


def test_json_gives_scope_and_sign_in_page(demo):
    accounts = {a["email"]: a for a in json.loads(run("demo_accounts", "--json"))}

    assert accounts["store.manager.milan@demo.atelier.example"] == {
        "role": "store_manager",
        "email": "store.manager.milan@demo.atelier.example",
        "password": accounts["store.manager.milan@demo.atelier.example"]["password"],
        "boutique": "milan",
        "manufacturer": "",
        "region": "eu",
        "login_url": "/backoffice/login/",
    }
    director = accounts["sales.director.us@demo.atelier.example"]
    assert (director["role"], director["region"], director["boutique"]) == (
        "sales_director",
        "us",
        "",
    )
    workshop = accounts["manufacturer.meroni@demo.atelier.example"]
    assert (workshop["role"], workshop["manufacturer"]) == ("manufacturer", "meroni")
    assert workshop["login_url"] in {"/portal/login/", "/accounts/login/"}
    assert accounts["customer.lea@demo.atelier.example"]["login_url"] == "/accounts/login/"


def test_table_shows_every_login(demo):
    table = run("demo_accounts")

    for email in User.objects.filter(is_demo=True).values_list("email", flat=True):
        assert email in table
    for heading in ("Back office", "Manufacturer portal", "Storefront customers", "Milan"):
        assert heading in table


def test_without_demo_data(db):
    assert json.loads(run("demo_accounts", "--json")) == []
    assert "load_demo" in run("demo_accounts")
