"""Display-ready values for the tenure pages and exports."""

from __future__ import annotations

from talentbridge.core.forms import nhs_date
from talentbridge.succession.models import BoardPostKind

from .figures import READ_AT_YEARS
from .models import ExitReason
from .models import PostHolding

KIND_LABELS = dict(BoardPostKind.choices)
REASON_LABELS = dict(ExitReason.choices)
NOT_SHOWN = "not shown"


def share(value: float | None) -> str:
    return NOT_SHOWN if value is None else f"{100 * value:.0f}%"


def years(value: float | None) -> str:
    return NOT_SHOWN if value is None else f"{value:.1f}"


def interim_followed(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "Not known")


def person_name(holding: PostHolding) -> str:
    return holding.person.full_name if holding.person_id else "Name erased"


def holding_row(holding: PostHolding, can_record: bool) -> dict:
    return {
        "pk": holding.pk,
        "person": person_name(holding),
        "organisation": holding.organisation.display_name,
        "kind": KIND_LABELS.get(holding.kind, holding.kind),
        "started_on": nhs_date(holding.started_on),
        "ended_on": nhs_date(holding.ended_on) if holding.ended_on else "In post",
        "interim": "Interim" if holding.interim else "Substantive",
        "first_time": "Yes" if holding.first_time else "",
        "reason": (REASON_LABELS.get(holding.exit_reason, "") if holding.exit_reason
                   else ("Not recorded" if holding.ended_on else "")),
        "interim_followed": interim_followed(holding.interim_followed) if holding.ended_on
        else "",
        "can_record": can_record,
    }


def group_row(group) -> dict:
    return {"label": group.label, "holdings": group.holdings, "exits": group.exits,
            "in_post": group.in_post, "median": years(group.median_years),
            "survival": [share(v) for v in group.survival]}


SURVIVAL_HEADINGS = [f"In post at {y} year{'s' if y > 1 else ''}" for y in READ_AT_YEARS]
