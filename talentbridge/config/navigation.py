"""The header's navigation: which sections a signed-in user is offered. The policies decide
(insights for those who see figures, the staff record for organisation administrators, audit
and tokens for administrators, users for administrators and organisation administrators), so
this lives at the top layer, beside the settings, where every app may be imported."""

from __future__ import annotations

from typing import Any

from talentbridge.accounts.policy import administers_accounts
from talentbridge.accounts.services import is_administrator
from talentbridge.core.jinja_helpers import url_or
from talentbridge.data_rights.policy import can_use_queue as handles_corrections
from talentbridge.insights.policy import can_use as sees_insights
from talentbridge.mentoring.policy import uses_mentoring
from talentbridge.notifications.services import unread_count
from talentbridge.staff_record.policy import uses_staff_record
from talentbridge.succession.policy import can_view_bench_strength as uses_succession
from talentbridge.support.policy import can_view_compact
from talentbridge.support.policy import can_view_warnings

NAVIGATION = (
    # (text, fallback path, url names to try, who sees the link)
    ("My profile", "/people/me/", ("people:me",), "everyone"),
    ("People", "/people/", ("people:search",), "everyone"),
    ("Talent", "/talent/", ("talent:home", "talent:search", "talent:reviews"), "everyone"),
    ("Opportunities", "/opportunities/", ("opportunities:list",), "everyone"),
    ("Succession", "/succession/", ("succession:home",), "succession"),
    ("Mentoring", "/mentoring/", ("mentoring:home",), "mentoring"),
    ("Tenure", "/tenure/", ("tenure:home",), "succession"),
    ("Support", "/support/", ("support:home",), "support"),
    ("Insights", "/insights/", ("insights:dashboard",), "aggregates"),
    ("Organisations", "/organisations/", ("organisations:list",), "everyone"),
    ("Staff record", "/staff-record/", ("staff_record:home",), "organisation administrator"),
    ("Correction requests", "/my-data/corrections/queue/", ("data_rights:queue",),
     "corrections"),
    ("Audit", "/audit/", ("audit:search",), "administrator"),
    ("Users", "/accounts/users/", ("accounts:users",), "accounts"),
    ("Notifications", "/notifications/", ("notifications:list",), "everyone"),
)


def _audiences(request) -> set[str]:
    """Which navigation audiences the signed-in user belongs to: the policies decide."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return set()
    audiences = {"everyone"}
    if not hasattr(user, "role_assignments"):
        return audiences  # a stand-in user of a template test
    if sees_insights(user):
        audiences.add("aggregates")  # talent leads, analysts and administrators
    if uses_mentoring(user):
        audiences.add("mentoring")  # leaders with a profile and programme managers
    if uses_succession(user):
        audiences.add("succession")  # talent leads, analysts and administrators
    if can_view_warnings(user) or can_view_compact(user):
        audiences.add("support")  # talent leads, analysts, administrators, board leaders
    if uses_staff_record(user):
        audiences.add("organisation administrator")  # and administrators
    if is_administrator(user):
        audiences.add("administrator")
    if administers_accounts(user):
        audiences.add("accounts")  # administrators and organisation administrators
    if handles_corrections(user):
        audiences.add("corrections")  # organisation administrators and administrators
    return audiences


def _count_unread(request, items: list[dict[str, Any]]) -> None:
    """The notifications link says how many are unread: "Notifications (3 unread)"."""
    user = getattr(request, "user", None)
    if not items or not hasattr(user, "notifications"):
        return  # signed out, or a stand-in user of a template test
    count = unread_count(user)
    for item in items:
        if item["text"] == "Notifications" and count:
            item["text"] = f"Notifications ({count} unread)"


def primary_navigation(request) -> list[dict[str, Any]]:
    """Header navigation items for this user; the longest matching link is marked current."""
    audiences = _audiences(request)
    items = [
        {"text": text, "href": url_or(path, *names)}
        for text, path, names, audience in NAVIGATION
        if audience in audiences
    ]
    _count_unread(request, items)
    path = getattr(request, "path", "") or ""
    best = max(
        (item for item in items if path.startswith(item["href"])),
        key=lambda item: len(item["href"]),
        default=None,
    )
    if best is not None:
        best["active"] = True
        best["current"] = path == best["href"]
    return items
