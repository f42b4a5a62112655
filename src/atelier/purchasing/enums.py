"""Statuses and choices of purchasing."""

from django.db import models


class POStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_MANUFACTURER = "awaiting_manufacturer", "Awaiting manufacturer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_PRODUCTION = "in_production", "In production"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (
    POStatus.DRAFT,
    POStatus.AWAITING_MANUFACTURER,
    POStatus.ACCEPTED,
    POStatus.DECLINED,
    POStatus.IN_PRODUCTION,
)
# Once the workshop has accepted, a change to a line needs its agreement.
AGREEMENT_STATUSES = (POStatus.ACCEPTED, POStatus.IN_PRODUCTION)


class POOrigin(models.TextChoices):
    SALES = "sales", "Sales order"
    MANUAL = "manual", "Raised by hand"
    REPLENISHMENT = "replenishment", "Replenishment"
    SAMPLE = "sample", "Sample"


class FileKind(models.TextChoices):
    CAD = "cad", "CAD drawing"
    RENDER = "render", "Render"
    ASSEMBLY = "assembly", "Assembly instructions"
    PHOTO = "photo", "Photo"
    OTHER = "other", "Other"


# At least one of these per made-to-order product before release.
REQUIRED_FILE_KINDS = (FileKind.CAD, FileKind.ASSEMBLY)


class FileSource(models.TextChoices):
    PRODUCT = "product", "From the product"
    ORDER = "order", "Added for this order"


class Side(models.TextChoices):
    RETAILER = "retailer", "Retailer"
    WORKSHOP = "workshop", "Workshop"


class RevisionStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed to the workshop"
    ACCEPTED = "accepted", "Accepted by the workshop"
    REFUSED = "refused", "Refused by the workshop"
    APPLIED = "applied", "Applied"
