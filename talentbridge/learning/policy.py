"""Who may read and change learning log entries and lessons (docs/learning-log.md and
docs/access-policy.md say the same). The rules, in plain words:

1. An entry is private to its author: only they write, change, share, revoke and delete it.
   Nobody else reads it by any role: not their line manager, talent leads, analysts,
   programme managers, organisation administrators or administrators.
2. Someone the author shared the entry with reads it while the share holds, checked at every
   read: a mentor or coach while their mentoring relationship with the author is running; the
   line manager while they are still the author's line manager. A revoked share is gone.
3. The author shares only with their current mentors and coaches and their own line manager.
4. Lessons are anonymous: any signed-in leader reads, searches, reports and publishes them;
   administrators read them and remove one reported as identifying someone.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from talentbridge.accounts.grants import grants_for
from talentbridge.mentoring.services import current_relationships

from .models import ShareRoute


def own_entries_filter(who) -> Q:
    """A filter on Person for whose learning log rows a user reads as rows: only their own
    (rule 1). Shared entries are read one share at a time under rule 2."""
    grants = grants_for(who)
    if grants.user_id is None:
        return Q(pk__in=[])
    return Q(user_id=grants.user_id)


def is_author(user, entry) -> bool:
    """Rule 1."""
    grants = grants_for(user)
    return grants.user_id is not None and grants.person_id is not None and (
        entry.person_id == grants.person_id)


def can_change(user, entry) -> bool:
    """Rule 1: write, change, share, revoke, delete: the author only."""
    return is_author(user, entry)


def share_holds(share, author, on: dt.date | None = None,
                running: set[tuple[int, int]] | None = None) -> bool:
    """Rule 2, asked at every read: does this share still give its reader access?
    ``running``: the (mentee, mentor) pairs running on ``on``, when a list of shares read
    them at once (``mentoring.services.running_pairs``)."""
    if share.route == ShareRoute.LINE_MANAGER:
        return author.line_manager_id == share.person_id
    if share.route == ShareRoute.MENTOR:
        if running is not None:
            return (author.pk, share.person_id) in running
        return current_relationships(author.pk, on).filter(mentor_id=share.person_id).exists()
    return False


def can_read(user, entry, shares=None) -> bool:
    """Rules 1 and 2: the author, or a reader of a share that still holds."""
    if is_author(user, entry):
        return True
    grants = grants_for(user)
    if grants.user_id is None or grants.person_id is None:
        return False
    mine = [s for s in (shares if shares is not None else entry.shares.all())
            if s.person_id == grants.person_id]
    return any(share_holds(s, entry.person) for s in mine)


def may_share_with(author, reader, route: str, on: dt.date | None = None):
    """Rule 3: the mentoring relationship the share rests on (for a mentor or coach), True for
    the author's own line manager, or None when the author may not share with this person."""
    if reader is None or reader.pk == author.pk:
        return None
    if route == ShareRoute.LINE_MANAGER:
        return True if author.line_manager_id == reader.pk else None
    if route == ShareRoute.MENTOR:
        return current_relationships(author.pk, on or timezone.localdate()).filter(
            mentor_id=reader.pk).first()
    return None


def keeps_a_log(user) -> bool:
    """Only a leader (a user with a person) keeps a learning log."""
    grants = grants_for(user)
    return grants.user_id is not None and grants.person_id is not None


def can_read_lessons(user) -> bool:
    """Rule 4: leaders and administrators."""
    grants = grants_for(user)
    return grants.user_id is not None and (grants.person_id is not None
                                           or grants.is_administrator)


def can_publish_lesson(user) -> bool:
    return keeps_a_log(user)


def can_report_lesson(user) -> bool:
    return keeps_a_log(user)


def can_remove_lesson(user) -> bool:
    """Rule 4: administrators only, on report."""
    grants = grants_for(user)
    return grants.user_id is not None and grants.is_administrator
