"""Code lists of support for chief executives and board members: check-ins, support offers,
and the leadership compact with its pulse (docs/support.md)."""

from talentbridge.core.code_lists import code_lists

Pressure, Agreement, OfferKind, OfferStatus, CommitmentStatus = code_lists(__name__)


#: Offers that, taken up, count as having a mentor or coach.
MENTOR_OR_COACH = (OfferKind.COACHING, OfferKind.MENTOR)

