"""Production refuses Stripe without its keys; an unknown provider is refused anywhere."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

SETUP = [sys.executable, "-c", "import django; django.setup()"]


@pytest.fixture
def production_env(tmp_path):
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(settings.SRC_DIR),
        "DJANGO_SETTINGS_MODULE": "atelier.config.settings",
        "ATELIER_ENV": "production",
        "SECRET_KEY": "p" * 10 + "-a-long-random-production-secret-for-this-test-0123456789",
        "ALLOWED_HOSTS": "shop.atelier.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def run(env):
    return subprocess.run(
        SETUP, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    "missing", ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"]
)
def test_production_with_stripe_needs_every_key(production_env, missing):
    keys = {
        "STRIPE_SECRET_KEY": "sk_live_x",
        "STRIPE_PUBLISHABLE_KEY": "pk_live_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    del keys[missing]
    result = run({**production_env, "PAYMENTS_PROVIDER": "stripe", **keys})
    assert result.returncode != 0
    assert result.stderr.splitlines()[-1].endswith(
        "Refusing to start in production: PAYMENTS_PROVIDER=stripe needs STRIPE_SECRET_KEY, "
        "STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET."
    )


def test_production_with_stripe_and_its_keys_starts(production_env):
    env = {
        **production_env,
        "PAYMENTS_PROVIDER": "stripe",
        "STRIPE_SECRET_KEY": "sk_live_x",
        "STRIPE_PUBLISHABLE_KEY": "pk_live_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
    }
    assert run(env).returncode == 0


def test_an_unknown_provider_is_refused(production_env):
    result = run({**production_env, "ATELIER_ENV": "development", "PAYMENTS_PROVIDER": "paypal"})
    assert result.stderr.splitlines()[-1].endswith(
        "PAYMENTS_PROVIDER must be 'offline' or 'stripe'."
    )
