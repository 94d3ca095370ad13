"""What a notification is about: each kind has a label its recipient understands (the
settings page lists them), and some cannot be switched off by e-mail."""

from __future__ import annotations

from .codes import Kind

#: Always e-mailed, whatever the recipient chose: each carries a link that only works from the
#: e-mail (setting a password, giving feedback without signing in).
ALWAYS_BY_EMAIL = frozenset({Kind.INVITATION.value, Kind.RATER_INVITATION.value,
                             Kind.RATER_REMINDER.value})


def switchable() -> list[Kind]:
    """The kinds a user may choose not to get by e-mail, in the order of :class:`Kind`."""
    return [kind for kind in Kind if kind.value not in ALWAYS_BY_EMAIL]
