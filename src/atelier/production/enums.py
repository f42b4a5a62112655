"""Statuses and event kinds of production items."""

from django.db import models


class ItemStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", "In production"
    COMPLETED = "completed", "Completed, awaiting inspection"
    REWORK = "rework", "Back at the workshop for rework"
    PASSED = "passed", "Passed inspection"


class ItemEventKind(models.TextChoices):
    STARTED = "started", "Production started"
    COMPLETED = "completed", "Completed by the workshop"
    PASSED = "passed", "Passed quality inspection"
    FAILED = "failed", "Failed quality inspection"
    REWORKED = "reworked", "Rework completed"
    LABEL = "label", "Label printed"
