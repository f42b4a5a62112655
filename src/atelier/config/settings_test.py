"""Settings for the test suite: the normal settings plus test-only apps.

`atelier.core.testing` has no migrations: the test runner creates its tables, and
`makemigrations` (run with the normal settings) never sees it.
"""

from atelier.config.settings import *  # noqa: F403
from atelier.config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "atelier.core.testing"]

# Tests never render demo pictures unless they ask for them (settings.DEMO_MEDIA = "small").
DEMO_MEDIA = "none"
DEMO_MEDIA_CACHE = None
DEMO_MEDIA_WORKERS = 0
