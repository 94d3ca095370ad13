"""The one way the app tells someone something: :func:`notify`.

Every capability calls :func:`notify` inside the transaction of the change it reports: the
notification is recorded in that transaction (so it is there exactly when the change is), and
its e-mail, if the recipient wants that kind by e-mail, is queued only after the transaction
commits (:mod:`talentbridge.notifications.delivery`). A failure to send never undoes the
change: the notification shows the e-mail failed.

The rest are the reads and changes of the notifications pages and API, each for the signed-in
user's own notifications and choices only.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .delivery import deliver
from .kinds import ALWAYS_BY_EMAIL
from .kinds import Kind
from .kinds import switchable
from .models import EmailPreference
from .models import EmailStatus
from .models import Notification
from .models import SentOnce

MAX_SUBJECT_LENGTH = 300


def _kind(kind: str) -> Kind:
    try:
        return Kind(kind)
    except ValueError:
        raise ValueError(f'"{kind}" is not a kind of notification; the kinds are '
                         f"{', '.join(k.value for k in Kind)} "
                         "(talentbridge/notifications/kinds.py)") from None


def wants_email(user, kind: str) -> bool:
    """Does ``user`` (None: someone without an account) want ``kind`` by e-mail?"""
    if user is None or kind in ALWAYS_BY_EMAIL:
        return True
    choice = EmailPreference.objects.filter(user=user, kind=kind).values_list(
        "by_email", flat=True).first()
    return True if choice is None else choice


def notify(*, kind: str, subject: str, body: str, to_user=None, to_email: str = "",
           link: str = "") -> Notification:
    """Tell one user (``to_user``) or one e-mail address without an account (``to_email``)
    about something of ``kind`` (a :class:`~talentbridge.notifications.kinds.Kind` value).

    ``subject`` and ``body`` are plain text; ``link`` is a path in the app the message
    points to. The notification is shown in ``to_user``'s list; the e-mail goes to
    ``to_email`` when given (with ``to_user`` too: an address other than the account's),
    otherwise to the account's address, after the current transaction commits."""
    kind = _kind(kind)
    if to_user is None and not to_email:
        raise ValueError(f'A "{kind.value}" notification needs to_user or to_email')
    address = to_email or (to_user.email if to_user is not None else "") or ""
    if not wants_email(to_user, kind):
        status = EmailStatus.NOT_WANTED
    elif not address:
        status = EmailStatus.NO_ADDRESS
    else:
        status = EmailStatus.QUEUED
    notification = Notification.objects.create(
        recipient=to_user, email_address=address, kind=kind,
        subject=subject[:MAX_SUBJECT_LENGTH], body=body, link=link, email_status=status)
    if status == EmailStatus.QUEUED:
        transaction.on_commit(partial(deliver.enqueue, notification.pk), robust=True)
    return notification


def not_yet_sent(keys) -> list[str]:
    """The keys (see :func:`notify_once`) not told yet, in the order given."""
    keys = list(dict.fromkeys(keys))
    told = set(SentOnce.objects.filter(key__in=keys).values_list("key", flat=True))
    return [key for key in keys if key not in told]


def notify_once(*, keys: list[str], **message) -> Notification | None:
    """:func:`notify` (``message`` is its arguments) unless every one of ``keys`` has been
    told already; records the keys with it, in the same transaction. For daily reminders: a
    run again, or two at once, tells each item once only. Returns None when already told."""
    new = not_yet_sent(keys)
    if not new:
        return None
    try:
        with transaction.atomic():
            SentOnce.objects.bulk_create([SentOnce(key=key) for key in new])
            return notify(**message)
    except IntegrityError:
        return None  # another run told it at the same moment


# --------------------------------------------------------------------------------------
# The recipient's own notifications and choices
# --------------------------------------------------------------------------------------


def notifications_for(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first."""
    return Notification.objects.visible_to(user).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).count()


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return Notification.objects.visible_to(user).filter(read_at__isnull=True).update(
        read_at=timezone.now())


def email_choices(user) -> dict[str, bool]:
    """For each kind the user may switch off: do they get it by e-mail?"""
    chosen = dict(EmailPreference.objects.filter(user=user).values_list("kind", "by_email"))
    return {kind.value: chosen.get(kind.value, True) for kind in switchable()}


@transaction.atomic
def set_email_choices(user, by_email: set[str] | list[str]) -> dict[str, bool]:
    """Get by e-mail exactly the switchable kinds in ``by_email`` (the others in the app
    only). Kinds that are always e-mailed cannot be switched off; an unknown kind is refused
    and nothing changes."""
    wanted = set(by_email)
    unknown = sorted(wanted - {kind.value for kind in Kind})
    if unknown:
        raise ValidationError({"by_email": f'"{unknown[0]}" is not a kind of notification'})
    for kind in switchable():
        EmailPreference.objects.update_or_create(
            user=user, kind=kind.value, defaults={"by_email": kind.value in wanted})
    return email_choices(user)
