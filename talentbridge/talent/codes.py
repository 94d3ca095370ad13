"""Code lists of the talent app's records: assessment rounds and raters, career conversations,
talent pools and nominations, talent reviews (docs/talent-conversations.md,
docs/talent-reviews.md). The frameworks talent is recorded against are in frameworks.py."""

from django.db import models

from talentbridge.accounts.codes import ScopeLevel


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class RaterKind(models.TextChoices):
    SELF = "self", "Self"
    LINE_MANAGER = "line_manager", "Line manager"
    PEER = "peer", "Peer"
    DIRECT_REPORT = "direct_report", "Direct report"
    OTHER = "other", "Other colleague or partner"


MULTI_RATER_KINDS = (RaterKind.PEER, RaterKind.DIRECT_REPORT, RaterKind.OTHER)


class ConversationStatus(models.TextChoices):
    PREPARING = "preparing", "Preparing"
    RECORDED = "recorded", "Recorded"


class PoolStatus(models.TextChoices):
    OPEN = "open", "Open to nominations"
    CLOSED = "closed", "Closed to nominations"


#: A pool is kept at any of the levels a role is held at.
PoolScope = ScopeLevel


class NominationRoute(models.TextChoices):
    SELF = "self", "Self-nomination"
    LINE_MANAGER = "line_manager", "Nominated by line manager"
    TALENT_LEAD = "talent_lead", "Nominated by a talent lead"


class NominationStatus(models.TextChoices):
    PENDING = "pending", "Awaiting decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", "Placing people"
    CALIBRATING = "calibrating", "Calibrating"
    LOCKED = "locked", "Locked"


class ReviewScope(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    SYSTEM = "system", "Integrated care system"
