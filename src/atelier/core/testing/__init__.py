"""Test-only app (label `core_testing`): a sample document, its state machine, fakes.

Installed by `atelier.config.settings_test` only; it has no migrations, so the test
runner creates its tables and `makemigrations` never sees it.
"""
