"""Sending a notification's e-mail, after the change it reports has committed.

With ``GOVUK_NOTIFY_API_KEY`` set (production), through GOV.UK Notify: one e-mail template
per kind (``GOVUK_NOTIFY_TEMPLATES``, kind -> template id) or the generic one
(``GOVUK_NOTIFY_DEFAULT_TEMPLATE``). Every template must have the placeholders ``((subject))``
(as its subject line) and ``((body))`` (as its message): the app sends the words, the template
only frames them. Without the key, through Django's e-mail backend (``send_mail``).

:func:`deliver` is a background task. It tries :data:`~talentbridge.core.mail.ATTEMPTS` times,
a minute apart and then longer, unless the provider refused the e-mail itself (a bad address,
an unknown template, a wrong key: trying again would not help), and records the outcome on the
notification: sent with the provider's id, or failed with the error. A try whose worker died
is queued again by the stale-work sweep; a notification already sent is never sent again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient

from talentbridge.core.mail import ATTEMPTS
from talentbridge.core.mail import requeue_when_stalled
from talentbridge.core.mail import try_again_later

from .models import EmailStatus
from .models import Notification

logger = logging.getLogger(__name__)

#: Notify's answers that trying again cannot change (bad request, wrong key, unknown template).
PERMANENT_STATUS_CODES = frozenset({400, 403, 404})
MAX_ERROR_LENGTH = 2000


def email_text(notification: Notification) -> str:
    """The e-mail's words: the body, and the full address of its link if it has one (and the
    body does not give it already)."""
    link = notification.link
    if link and link.startswith("/"):
        link = settings.TALENTBRIDGE_BASE_URL.rstrip("/") + link
    if not link or link in notification.body:
        return notification.body
    return f"{notification.body}\n\n{link}"


def notify_template_id(kind: str) -> str:
    """The GOV.UK Notify template for this kind of notification (or the generic one)."""
    templates = getattr(settings, "GOVUK_NOTIFY_TEMPLATES", {}) or {}
    template_id = templates.get(kind) or getattr(settings, "GOVUK_NOTIFY_DEFAULT_TEMPLATE", "")
    if not template_id:
        raise ImproperlyConfigured(
            f'No GOV.UK Notify template for "{kind}": set GOVUK_NOTIFY_TEMPLATES["{kind}"] or '
            "GOVUK_NOTIFY_DEFAULT_TEMPLATE")
    return template_id


def send_by_notify(notification: Notification) -> str:
    """Send through GOV.UK Notify; returns Notify's id for the e-mail."""
    client = NotificationsAPIClient(settings.GOVUK_NOTIFY_API_KEY,
                                    base_url=settings.GOVUK_NOTIFY_BASE_URL)
    response = client.send_email_notification(
        email_address=notification.email_address,
        template_id=notify_template_id(notification.kind),
        personalisation={"subject": notification.subject, "body": email_text(notification)},
        reference=str(notification.pk),
    )
    return str(response["id"])


def send_by_django(notification: Notification) -> str:
    """Send through Django's e-mail backend; there is no provider's id."""
    send_mail(notification.subject, email_text(notification), None,
              [notification.email_address])
    return ""


def send(notification: Notification) -> str:
    """Send the notification's e-mail the configured way; returns the provider's id."""
    if getattr(settings, "GOVUK_NOTIFY_API_KEY", ""):
        return send_by_notify(notification)
    return send_by_django(notification)


def is_permanent(error: Exception) -> bool:
    """Would trying again fail the same way?"""
    if isinstance(error, ImproperlyConfigured):
        return True
    return isinstance(error, HTTPError) and error.status_code in PERMANENT_STATUS_CODES


def _describe(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= MAX_ERROR_LENGTH else text[:MAX_ERROR_LENGTH] + "…"


@requeue_when_stalled
@task()
def deliver(notification_id: int, attempt: int = 1) -> str:
    """Send one notification's e-mail (if it is still waiting) and record the outcome: "sent",
    "retrying", "failed", or "skipped" when there was nothing to send."""
    waiting = Notification.unscoped.filter(pk=notification_id, email_status=EmailStatus.QUEUED)
    notification = waiting.first()
    if notification is None:
        return "skipped"  # sent already (a try queued again), or the notification is gone
    waiting.update(email_attempts=attempt)
    try:
        reference = send(notification)
    except Exception as error:
        if not is_permanent(error) and try_again_later(deliver, attempt, notification_id):
            logger.warning("Could not send notification %s (try %s of %s); trying again",
                           notification_id, attempt, ATTEMPTS, exc_info=True)
            waiting.update(email_error=_describe(error))
            return "retrying"
        logger.exception("Could not send notification %s (try %s of %s); given up",
                         notification_id, attempt, ATTEMPTS)
        waiting.update(email_status=EmailStatus.FAILED, email_error=_describe(error))
        return "failed"
    waiting.update(email_status=EmailStatus.SENT, email_reference=reference,
                   email_sent_at=timezone.now(), email_error="")
    return "sent"
