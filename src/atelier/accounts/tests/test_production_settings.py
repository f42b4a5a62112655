"""Production refuses development defaults, and a proper production set-up passes --deploy."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_SECRET = "k" * 10 + "-a-long-random-production-secret-used-by-this-test-only-0123456789"
SETUP = [sys.executable, "-c", "import django; django.setup()"]


@pytest.fixture
def production_env(tmp_path):
    """A clean environment (nothing inherited from the test run) for a production process."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(settings.SRC_DIR),
        "DJANGO_SETTINGS_MODULE": "atelier.config.settings",
        "ATELIER_ENV": "production",
        "SECRET_KEY": GOOD_SECRET,
        "ALLOWED_HOSTS": "shop.atelier.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }


def run(command, env):
    return subprocess.run(
        command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        (
            {"SECRET_KEY": None, "ALLOWED_HOSTS": None},
            "SECRET_KEY must be set to a long random value; "
            "ALLOWED_HOSTS must name the site's hosts",
        ),
        ({"SECRET_KEY": "short-secret"}, "SECRET_KEY must be set to a long random value"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SECURE_COOKIES": "false"}, "cookies must be secure (SECURE_COOKIES=true)"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must name the site's hosts"),
    ],
    ids=["nothing set", "short secret", "debug on", "insecure cookies", "no hosts"],
)
def test_production_refuses_to_start_on_development_defaults(production_env, changes, problems):
    env = {**production_env, **{k: v for k, v in changes.items() if v is not None}}
    for name in (k for k, v in changes.items() if v is None):
        env.pop(name)

    result = run(SETUP, env)

    assert result.returncode != 0
    assert (
        f"ImproperlyConfigured: Refusing to start in production: {problems}."
        in result.stderr.splitlines()[-1]
    )


def test_the_default_secret_is_refused_even_when_given_explicitly(production_env):
    env = {**production_env, "SECRET_KEY": settings.INSECURE_DEFAULT_SECRET}
    result = run(SETUP, env)
    assert result.stderr.splitlines()[-1].endswith(
        "Refusing to start in production: SECRET_KEY must be set to a long random value."
    )


def test_an_unknown_environment_name_is_refused(production_env):
    result = run(SETUP, {**production_env, "ATELIER_ENV": "staging"})
    assert result.stderr.splitlines()[-1].endswith(
        "ATELIER_ENV must be 'development' or 'production'."
    )


def test_a_proper_production_environment_passes_the_deploy_checks(production_env):
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env,
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )
