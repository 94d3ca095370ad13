"""The one way the app tells someone something: :func:`notify`.

Every capability calls :func:`notify` inside the transaction of the change it reports; the
message is recorded and e-mailed only after that transaction commits, and a failure to send
never undoes the change.
"""

from __future__ import annotations

from talentbridge.core.mail import send_after_commit


def notify(*, kind: str, subject: str, body: str, to_user=None, to_email: str = "",
           link: str = "") -> None:
    """Tell one user (``to_user``) or one e-mail address without an account (``to_email``)
    about something of ``kind`` (a :class:`~talentbridge.notifications.kinds.Kind` value).

    ``subject`` and ``body`` are plain text; ``link`` is a path in the app the message
    points to."""
    address = to_email or (getattr(to_user, "email", "") if to_user is not None else "")
    text = f"{body}\n\n{link}" if link else body
    send_after_commit(subject, text, [address])
