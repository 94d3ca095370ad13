"""Code lists of support for chief executives and board members: check-ins, support offers,
and the leadership compact with its pulse (docs/support.md)."""

from django.db import models


class Pressure(models.IntegerChoices):
    """How much pressure the leader says they are under (a 1 to 5 scale)."""

    MANAGEABLE = 1, "1: manageable, the usual demands of the job"
    SOME = 2, "2: some pressure, coping well"
    CONSIDERABLE = 3, "3: considerable pressure, coping"
    HIGH = 4, "4: high pressure, hard to sustain"
    SEVERE = 5, "5: severe pressure, not sustainable"


class Agreement(models.IntegerChoices):
    """How far a leader agrees they see a commitment in practice (a 1 to 5 scale)."""

    STRONGLY_DISAGREE = 1, "Strongly disagree"
    DISAGREE = 2, "Disagree"
    NEITHER = 3, "Neither agree nor disagree"
    AGREE = 4, "Agree"
    STRONGLY_AGREE = 5, "Strongly agree"


class OfferKind(models.TextChoices):
    COACHING = "coaching", "Coaching"
    MENTOR = "mentor", "A mentor"
    PEER_NETWORK = "peer_network", "A peer network"
    PASTORAL = "pastoral", "Pastoral support"
    HR_LEGAL = "hr_legal", "HR or legal advice"


#: Offers that, taken up, count as having a mentor or coach.
MENTOR_OR_COACH = (OfferKind.COACHING, OfferKind.MENTOR)


class OfferStatus(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    TAKEN_UP = "taken_up", "Taken up"
    DECLINED = "declined", "Declined"


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"
