"""Talent identification: career conversations, competency assessments, talent reviews with
calibration, and talent pools. See docs/talent-conversations.md and
docs/talent-reviews.md."""

from .assessments import Assessment, AssessmentRound, DomainRating, RaterKind
from .conversations import CareerConversation, ReadinessLevel, TalentProfile
from .pools import PoolMembership, PoolNomination, TalentPool
from .reviews import GridCell, PlacementMove, ReviewGrid, ReviewPlacement, TalentReview

__all__ = [
    "Assessment", "AssessmentRound", "CareerConversation", "DomainRating", "GridCell",
    "PlacementMove", "PoolMembership", "PoolNomination", "RaterKind", "ReadinessLevel",
    "ReviewGrid", "ReviewPlacement", "TalentPool", "TalentProfile", "TalentReview",
]
