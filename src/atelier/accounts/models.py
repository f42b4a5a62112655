"""People who sign in: customers, staff and workshop contacts, identified by e-mail."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from atelier.accounts.roles import Cap
from atelier.org.models import Boutique, Manufacturer, Region


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("kind", "staff")
        return self._create(email, password, **extra)


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    kind = models.CharField(
        max_length=12,
        choices=[("customer", "Customer"), ("staff", "Staff"), ("manufacturer", "Manufacturer")],
        default="customer",
    )
    boutiques = models.ManyToManyField(Boutique, blank=True, related_name="staff")
    regions = models.ManyToManyField(Region, blank=True, related_name="staff")
    manufacturer = models.ForeignKey(
        Manufacturer, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    is_demo = models.BooleanField(default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="manufacturer") | models.Q(manufacturer__isnull=False),
                name="manufacturer_user_has_manufacturer",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Capability(models.Model):
    """No table: the anchor for the product's custom permissions (capabilities).

    The list is `atelier.accounts.roles.Cap`; roles get them through their groups.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = Cap.choices

    def __str__(self) -> str:
        return "capability"


class ManufacturerInvitation(models.Model):
    """An invitation for a workshop contact to the manufacturer portal.

    Only a hash of the token is kept; the link carries the token, signed. Used once:
    `accepted_at` is set when the invitee's account is created; re-sending replaces the
    token (the old link stops working).
    """

    email = models.EmailField()
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.CASCADE, related_name="portal_invitations"
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_by_label = models.CharField(max_length=160)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_count = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(accepted_at__isnull=True),
                name="uniq_open_portal_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.manufacturer_id}"


class ApiToken(models.Model):
    """A personal API token (Bearer). Only its SHA-256 is kept; shown once at creation."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=8, help_text="first characters, to tell tokens apart")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
