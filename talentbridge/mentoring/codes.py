"""Code lists of mentoring and coaching: the kinds of support, requests, goals, end reviews
and matching methods (docs/mentoring.md)."""

from talentbridge.core.code_lists import code_lists

SupportKind, RequestStatus, GoalStatus, GoalsMet, MatchMethod = code_lists(__name__)

