from django.db import models


class SampleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


class SampleDocument(models.Model):
    """A document shaped like the real ones: a number, a status and a bit of content."""

    number = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=SampleStatus.choices, default=SampleStatus.DRAFT
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    notifications = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.number
