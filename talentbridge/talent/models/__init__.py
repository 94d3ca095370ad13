"""Talent identification: career conversations, competency assessments, talent reviews with
calibration, and talent pools. See docs/talent-conversations.md and
docs/talent-reviews.md."""

from ..codes import RaterKind
from .assessments import Assessment
from .assessments import AssessmentRound
from .assessments import DomainRating
from .conversations import CareerConversation
from .conversations import ReadinessLevel
from .conversations import TalentProfile
from .pools import PoolMembership
from .pools import PoolNomination
from .pools import TalentPool
from .reviews import GridCell
from .reviews import PlacementMove
from .reviews import ReviewGrid
from .reviews import ReviewPlacement
from .reviews import TalentReview

__all__ = [
    "Assessment", "AssessmentRound", "CareerConversation", "DomainRating", "GridCell",
    "PlacementMove", "PoolMembership", "PoolNomination", "RaterKind", "ReadinessLevel",
    "ReviewGrid", "ReviewPlacement", "TalentPool", "TalentProfile", "TalentReview",
]
