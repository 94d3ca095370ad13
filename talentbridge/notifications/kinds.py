"""What a notification is about: each kind has a label its recipient understands (the
settings page lists them), and some cannot be switched off by e-mail."""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    INVITATION = "invitation", "Invitations to use TalentBridge"
    RATER_INVITATION = "rater_invitation", "Requests to give feedback on a colleague"
    RATER_REMINDER = "rater_reminder", "Reminders to give feedback on a colleague"
    NOMINATION = "nomination", "Nominations of you for an opportunity"
    APPROVAL = "approval", "Requests for your review or approval"
    OPPORTUNITY_DECISION = ("opportunity_decision",
                            "Decisions and updates on opportunities and placements")
    MATCH_OFFER = "match_offer", "Offers of an opportunity to you"
    CONVERSATION_REVIEW_DUE = ("conversation_review_due",
                               "Talent conversations due for review")
    POOL_REVIEW_DUE = "pool_review_due", "Talent pool memberships due for review"
    IMPORT_FINISHED = "import_finished", "Imports that have finished"
    IMPORT_FAILED = "import_failed", "Imports that have failed"
    VISIBILITY_RESET = "visibility_reset", "Changes an administrator made to who can see you"
    CORRECTION_UPDATE = "correction_update", "Updates on corrections you asked for"
    MOVE_RECORDED = "move_recorded", "Moves to a new employer recorded for you"
    MOVE_CANCELLED = "move_cancelled", "Moves to a new employer cancelled"
    FPPT_DUE = "fppt_due", "Fit and proper person checks falling due"
    BOARD_REFERENCE = "board_reference", "Board Member References requested and supplied"
    MENTORING = "mentoring", "Mentoring and coaching: new relationships and reviews"
    DEVELOPMENT_PLAN = "development_plan", "Actions added to your development plan by others"
    SUPPORT_OFFER = "support_offer", "Support offered to you by your regional lead"
    COMPACT_PULSE = "compact_pulse", "Leadership compact pulses open for your answers"


#: Always e-mailed, whatever the recipient chose: each carries a link that only works from the
#: e-mail (setting a password, giving feedback without signing in).
ALWAYS_BY_EMAIL = frozenset({Kind.INVITATION.value, Kind.RATER_INVITATION.value,
                             Kind.RATER_REMINDER.value})


def switchable() -> list[Kind]:
    """The kinds a user may choose not to get by e-mail, in the order of :class:`Kind`."""
    return [kind for kind in Kind if kind.value not in ALWAYS_BY_EMAIL]
