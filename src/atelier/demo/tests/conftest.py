from io import StringIO

import pytest
from django.core.management import call_command


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    """The demo company, loaded through the management command."""
    return run("load_demo")
