"""Statuses and kinds of the quality context (docs/contexts/quality.md)."""

from django.db import models


class InspectionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"


OPEN_STATUSES = (InspectionStatus.PENDING, InspectionStatus.IN_PROGRESS)
FINISHED_STATUSES = (InspectionStatus.PASSED, InspectionStatus.FAILED)


class ItemKind(models.TextChoices):
    PASS_FAIL = "pass_fail", "Pass / fail"
    MEASURE = "measure", "Measure with a tolerance"


class Severity(models.TextChoices):
    MINOR = "minor", "Minor"
    MAJOR = "major", "Major"
    CRITICAL = "critical", "Critical"


# Defects of these severities fail the inspection on their own.
BLOCKING_SEVERITIES = (Severity.MAJOR, Severity.CRITICAL)


class DimensionKey(models.TextChoices):
    """A measure whose target is the piece's own dimension (custom width, standard height)."""

    WIDTH = "width", "Width"
    DEPTH = "depth", "Depth"
    HEIGHT = "height", "Height"
