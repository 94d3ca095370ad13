"""Code lists of development programmes: where a programme is run, its cohorts, applications
and places, and attendance (docs/programmes.md)."""

from talentbridge.accounts.codes import ScopeLevel
from talentbridge.core.code_lists import code_lists

#: A programme is run at any of the levels a role is held at.
ProgrammeScope = ScopeLevel

CohortStatus, Route, Decision, Outcome, AttendanceStatus = code_lists(__name__)

