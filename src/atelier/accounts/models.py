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
