"""Users, their roles at a scope, and API tokens."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from talentbridge.core.constraints import unique
from talentbridge.core.model_fields import by_user
from talentbridge.core.model_secrets import secret_hash

from .codes import ALL_SCOPES
from .codes import ROLE_SCOPE_LEVELS
from .codes import Role
from .codes import ScopeLevel


class User(AbstractUser):
    """A person who signs in. Their talent profile, if any, is `user.person`."""

    class Meta:
        ordering = ["username"]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self):
        now = timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), starts_at__lte=now)


class RoleAssignment(models.Model):
    """A user holds a role at one scope: an organisation, a system, a region or England."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    scope_level = models.CharField(max_length=20, choices=ScopeLevel.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.CASCADE
    )
    system = models.ForeignKey(
        "organisations.IntegratedCareSystem", null=True, blank=True, on_delete=models.CASCADE
    )
    region = models.ForeignKey(
        "organisations.Region", null=True, blank=True, on_delete=models.CASCADE
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    granted_by = by_user()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_level",
                condition=(
                    Q(scope_level="organisation", organisation__isnull=False,
                      system__isnull=True, region__isnull=True)
                    | Q(scope_level="system", system__isnull=False,
                        organisation__isnull=True, region__isnull=True)
                    | Q(scope_level="region", region__isnull=False,
                        organisation__isnull=True, system__isnull=True)
                    | Q(scope_level="england", organisation__isnull=True,
                        system__isnull=True, region__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.scope_label}"

    @property
    def scope_label(self) -> str:
        target = self.organisation or self.system or self.region
        return str(target) if target else "England"

    def clean(self) -> None:
        allowed = ROLE_SCOPE_LEVELS.get(self.role, set())
        if self.scope_level not in allowed:
            raise ValidationError(
                {"scope_level": f"A {self.get_role_display().lower()} cannot be held at "
                                f"scope '{self.scope_level}'."}
            )


def all_scopes() -> list[str]:
    return list(ALL_SCOPES)


def default_expiry():
    """settings.TALENTBRIDGE_TOKEN_DAYS (90) from now. The migration that added expiry gave
    every token that existed then this much time."""

    return timezone.now() + dt.timedelta(days=settings.TALENTBRIDGE_TOKEN_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """A per-user bearer token for the API. Only a hash of the secret is stored."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = by_user()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_expiry)
    #: A list of TokenScope values. Tokens from before scopes existed kept all three.
    scopes = models.JSONField(default=all_scopes)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    hash_key = staticmethod(secret_hash)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user: User, name: str, created_by: User | None = None, *,
              scopes: list[str] | None = None, expires_at=None) -> tuple[ApiToken, str]:
        """Create a token and return it with its secret, which is shown once and never stored.
        No checks here: `talentbridge.accounts.services.issue_token` decides who may."""
        secret = secrets.token_urlsafe(32)
        prefix = secrets.token_hex(cls.PREFIX_LENGTH // 2)
        key = f"tb_{prefix}_{secret}"
        token = cls.objects.create(
            user=user, name=name, prefix=prefix, key_hash=cls.hash_key(key),
            created_by=created_by, scopes=list(scopes if scopes is not None else ALL_SCOPES),
            expires_at=expires_at or default_expiry(),
        )
        return token, key


class SingleSignOnIdentity(models.Model):
    """The identity provider account (issuer + subject) a user signs in with.

    Bound at the first single sign-on, when the provider's verified e-mail matches an account
    an administrator created; from then on only that subject signs in to that account, whatever
    e-mail the provider later sends (so an e-mail address reused elsewhere cannot take it over).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="sso_identity")
    issuer = models.URLField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            unique("issuer", "subject", name="sso_identity_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.issuer}"


def default_invitation_expiry():
    """settings.TALENTBRIDGE_INVITATION_DAYS (14) from now."""

    return timezone.now() + dt.timedelta(days=settings.TALENTBRIDGE_INVITATION_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Neither accepted, revoked nor expired."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed single-use link with which a new user sets their password (or is told to
    sign in with single sign-on). Only a hash of the token is stored, like `ApiToken`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = by_user()

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.user.username}"

    hash_token = staticmethod(secret_hash)

    @property
    def is_pending(self) -> bool:
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())
