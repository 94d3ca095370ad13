"""Code lists of the talent app's records: assessment rounds and raters, career conversations,
talent pools and nominations, talent reviews (docs/talent-conversations.md,
docs/talent-reviews.md). The frameworks talent is recorded against are in frameworks.py."""

from talentbridge.accounts.codes import ScopeLevel
from talentbridge.core.code_lists import code_lists

(
    RoundStatus, RaterKind, ConversationStatus, PoolStatus, NominationRoute, NominationStatus,
    ReviewStatus, ReviewScope,
) = code_lists(__name__)


MULTI_RATER_KINDS = (RaterKind.PEER, RaterKind.DIRECT_REPORT, RaterKind.OTHER)


#: A pool is kept at any of the levels a role is held at.
PoolScope = ScopeLevel

