"""A notification (what someone was told, shown in their list) with the record of its e-mail,
and each user's choice of which kinds come by e-mail.

A notification is read only by its recipient: ``Notification.objects`` refuses to read except
through ``visible_to(user)`` (that user's own rows), as the person-level tables' managers do
(talentbridge/core/scoping.py); ``unscoped`` is for the delivery task, which works on one row
by its id with no one viewing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from talentbridge.core.constraints import unique
from talentbridge.core.scoping import UnscopedAccess

from .codes import EmailStatus
from .kinds import Kind


class RecipientManager(models.Manager):
    """The ``objects`` of a notification: no reads except a recipient's own rows."""

    def get_queryset(self):
        raise UnscopedAccess(
            "Notification.objects reads everyone's notifications. Use "
            "Notification.objects.visible_to(request.user) (the user's own), or, in a module "
            "listed in talentbridge/core/scoping.py UNSCOPED_MODULES, Notification.unscoped.")

    def _every_row(self):
        return super().get_queryset()

    def visible_to(self, who):
        """The notifications of ``who``: a signed-in, active user, or their grants."""
        if hasattr(who, "is_authenticated"):
            user_id = who.pk if who.is_authenticated and who.is_active else None
        else:
            user_id = getattr(who, "user_id", None)
        if user_id is None:
            return self._every_row().none()
        return self._every_row().filter(recipient_id=user_id)

    def create(self, **kwargs):
        return self._every_row().create(**kwargs)

    def none(self):
        return self._every_row().none()


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="notifications",
                                  help_text="Empty when told by e-mail only (no account).")
    email_address = models.EmailField(blank=True, help_text=(
        "Where the e-mail goes: the address of someone without an account, or the account's "
        "address when it was sent."))
    kind = models.CharField(max_length=40, choices=Kind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True,
                            help_text="A path in the app the notification points to.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    # The e-mail: whether and when it went, and what the provider said.
    email_status = models.CharField(max_length=20, choices=EmailStatus.choices,
                                    default=EmailStatus.QUEUED)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_reference = models.CharField(max_length=100, blank=True, help_text=(
        "The provider's id for the e-mail (GOV.UK Notify's notification id)."))
    email_error = models.TextField(blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)

    unscoped = models.Manager()
    objects = RecipientManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailPreference(models.Model):
    """A user's choice for one kind; no row means the default: by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="email_preferences")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    by_email = models.BooleanField(default=True)

    class Meta:
        constraints = [unique("user", "kind", name="one_email_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} {'by e-mail' if self.by_email else 'in the app only'}"


class SentOnce(models.Model):
    """A key recorded when something to be told once only was told (a review falling due:
    ``conversation_review_due:<conversation>:<date>:<user>``), so a daily task that runs again,
    or twice at once, never tells it twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
