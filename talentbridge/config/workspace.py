"""The home page's workspace: what is waiting for the signed-in user, gathered from every
app's ``waiting_for(user)``, and the few things their role does most. Each app decides what
is waiting through its own policy; this lives at the top layer, beside the navigation,
because only here may every app be imported (docs/workspace.md)."""

from __future__ import annotations

from collections.abc import Callable

from talentbridge.accounts import waiting as accounts_waiting
from talentbridge.accounts.grants import grants_for
from talentbridge.accounts.policy import administers_accounts
from talentbridge.board.fppt import standing_of
from talentbridge.board.policy import uses_board
from talentbridge.core.jinja_helpers import url_or
from talentbridge.core.waiting import WaitingItem
from talentbridge.data_rights import waiting as data_rights_waiting
from talentbridge.data_rights.policy import can_use_queue
from talentbridge.insights import waiting as insights_waiting
from talentbridge.insights.policy import can_import
from talentbridge.insights.policy import can_use as sees_insights
from talentbridge.mentoring import waiting as mentoring_waiting
from talentbridge.mentoring.policy import is_programme_manager
from talentbridge.mentoring.policy import uses_mentoring
from talentbridge.notifications import waiting as notifications_waiting
from talentbridge.opportunities import waiting as opportunities_waiting
from talentbridge.opportunities.policy import sees_all_published
from talentbridge.plans import waiting as plans_waiting
from talentbridge.programmes import waiting as programmes_waiting
from talentbridge.programmes.policy import is_programme_manager as runs_programmes
from talentbridge.staff_record import waiting as staff_record_waiting
from talentbridge.staff_record.policy import uses_staff_record
from talentbridge.support import waiting as support_waiting
from talentbridge.support.policy import can_view_compact
from talentbridge.support.policy import can_view_warnings
from talentbridge.talent.conversations import waiting as conversations_waiting
from talentbridge.talent.conversations.policy import can_search_talent
from talentbridge.talent.reviews import waiting as reviews_waiting
from talentbridge.tenure import waiting as tenure_waiting
from talentbridge.tenure.policy import can_view_figures as sees_tenure

#: Every app's waiting work, in the order the home lists it.
SOURCES: tuple[Callable[[object], list[WaitingItem]], ...] = (
    opportunities_waiting.waiting_for,
    conversations_waiting.waiting_for,
    reviews_waiting.waiting_for,
    plans_waiting.waiting_for,
    programmes_waiting.waiting_for,
    data_rights_waiting.waiting_for,
    staff_record_waiting.waiting_for,
    accounts_waiting.waiting_for,
    insights_waiting.waiting_for,
    notifications_waiting.waiting_for,
    mentoring_waiting.waiting_for,
    tenure_waiting.waiting_for,
    support_waiting.waiting_for,
)

#: The things each kind of user does most: (text, fallback path, url name, who).
SHORTCUTS = (
    ("My profile and who can see it", "/people/me/", "people:me", "person"),
    ("My career conversations and assessments", "/talent/me/", "talent:my-talent", "person"),
    ("Find talent", "/talent/search/", "talent:search", "searches talent"),
    ("Talent reviews", "/talent/reviews/", "talent:reviews", "talent lead"),
    ("Talent pools", "/talent/pools/", "talent:pools", "everyone"),
    ("Post an opportunity", "/opportunities/new/", "opportunities:new", "talent lead"),
    ("Opportunities", "/opportunities/", "opportunities:list", "sees opportunities"),
    ("Match runs", "/opportunities/runs/", "opportunities:runs", "talent lead"),
    ("Insights", "/insights/", "insights:dashboard", "insights"),
    ("Snapshots and imports", "/insights/imports/", "insights:imports", "imports"),
    ("Leaders' feeds", "/staff-record/", "staff_record:home", "staff record"),
    ("Users and invitations", "/accounts/users/", "accounts:users", "accounts"),
    ("Correction requests", "/my-data/corrections/queue/", "data_rights:queue",
     "corrections"),
    ("Development programmes", "/programmes/", "programmes:home", "programmes"),
    ("Board: fit and proper person tests and references", "/board/", "board:home", "board"),
    ("Tenure of chief executives and board members", "/tenure/", "tenure:home", "tenure"),
    ("Early warnings about chief executives and board members", "/support/", "support:home",
     "warnings"),
    ("The leadership compact", "/support/compact/", "support:compact", "compact"),
    ("Audit trail", "/audit/", "audit:search", "administrator"),
    ("My mentoring", "/mentoring/", "mentoring:home", "mentoring"),
    ("Match mentors and mentees", "/mentoring/matching/", "mentoring:manage",
     "programme manager"),
)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and hasattr(user, "role_assignments")


def waiting_for(user) -> list[WaitingItem]:
    """Everything waiting for ``user``, from every app (nothing when signed out)."""
    if not _signed_in(user):
        return []
    return [item for source in SOURCES for item in source(user)]


def _kinds(user) -> set[str]:
    """Which kinds of user this is, for the shortcuts: the policies decide."""
    g = grants_for(user)
    checks = {
        "person": g.person_id is not None,
        # a leader sees those within reach; talent leads and administrators see them all
        "sees opportunities": g.person_id is not None or sees_all_published(g),
        "searches talent": can_search_talent(user),
        "talent lead": g.is_talent_lead,
        "insights": sees_insights(user),
        "imports": can_import(user),
        "staff record": uses_staff_record(user),
        "accounts": administers_accounts(user),
        "corrections": can_use_queue(user),
        "administrator": g.is_administrator,
        "mentoring": uses_mentoring(g),
        "programme manager": is_programme_manager(g),
        "board": uses_board(user, standing_of(user)),  # chairs, people directors, delegates
        "tenure": sees_tenure(user),  # talent leads, analysts and administrators
        "warnings": can_view_warnings(user),  # regional and national talent leads
        "compact": can_view_compact(user),
        "programmes": runs_programmes(user),  # programme managers and administrators
    }
    return {"everyone", *(kind for kind, holds in checks.items() if holds)}


def shortcuts(user) -> list[dict[str, str]]:
    """The links to what this user's role does most (none when signed out)."""
    if not _signed_in(user):
        return []
    kinds = _kinds(user)
    return [{"text": text, "href": url_or(path, name)}
            for text, path, name, who in SHORTCUTS if who in kinds]


def for_request(request) -> dict:
    """The home page's workspace for this request's user: ``waiting`` and ``shortcuts``."""
    user = getattr(request, "user", None)
    return {"waiting": waiting_for(user), "shortcuts": shortcuts(user)}
