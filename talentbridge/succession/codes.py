"""Code lists of board posts and succession plans (docs/succession.md)."""

from talentbridge.core.code_lists import code_lists

BoardPostKind, VacancyReason, VacancyRisk, Readiness, SuccessorSource = code_lists(__name__)

