"""Turn opportunities, interests, runs and placements into display-ready values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from django.urls import reverse

from engine.matching.scoring import in_third_person
from talentbridge.core.forms import nhs_date
from talentbridge.core.jinja_helpers import nhs_datetime
from talentbridge.people.presenters import PersonCells
from talentbridge.people.presenters import summary_row

from .codes import Aspiration
from .codes import LcfDomain
from .codes import OpportunityKind
from .codes import PlacementStatus
from .codes import RunStatus
from .codes import aspiration_of_role
from .forms import WEIGHT_LABELS
from .matching import RULE_LABELS
from .models import Interest
from .models import MatchRun
from .models import Opportunity
from .models import Placement
from .models import Proposal

PART_LABELS = {
    "development": "Development", "aspiration": "Aspiration", "preference": "Preference",
    "readiness": "Readiness", "novelty": "New experience", "geography": "Geography",
}


def domains_text(domains: Iterable[int]) -> str:
    names = [LcfDomain(d).label for d in domains]
    return "; ".join(names) if names else "None given"


def from_conversation(profile) -> list:
    """Summary rows of what a leader's talent profile keeps from their latest recorded career
    conversation (readiness, the role they aspire to and what it builds towards, LCF
    development needs), as the preferences page shows them."""
    aspiration = aspiration_of_role(profile.aspiration_role)
    role = profile.aspiration_role or "Not recorded"
    if aspiration:
        role = f"{role} (opportunities that build towards: {Aspiration(aspiration).label})"
    held = (nhs_date(profile.last_conversation_on) if profile.last_conversation_on
            else "No career conversation recorded yet")
    return [
        summary_row("Readiness for a move",
                    profile.readiness.label if profile.readiness_id else "Not recorded"),
        summary_row("Role you aspire to", role),
        summary_row("Leadership domains you want to develop",
                    domains_text(profile.development_needs)),
        summary_row("Latest career conversation", held),
    ]


def band_range_text(opportunity: Opportunity) -> str:
    low, high = opportunity.get_band_min_display(), opportunity.get_band_max_display()
    return low if low == high else f"{low} to {high}"


def time_text(opportunity: Opportunity) -> str:
    if opportunity.time_percent >= 100:
        return "Full time"
    return f"Part time, {opportunity.time_percent}% of working time"


def where_text(opportunity: Opportunity) -> str:
    place = opportunity.system.short_name if opportunity.system_id else "England"
    return f"{place} (can be done remotely)" if opportunity.remote_possible else place


def opportunity_rows(opportunity: Opportunity, interest_total: int | None = None) -> list[dict]:
    rows = [
        summary_row("Kind", opportunity.get_kind_display()),
        summary_row("Host organisation", opportunity.host.display_name
                    + ("" if opportunity.host.is_nhs else " (partner organisation)")),
        summary_row("Where", where_text(opportunity)),
        summary_row("Time", time_text(opportunity)),
        summary_row("What it develops", domains_text(opportunity.develops)),
        summary_row("Builds towards", opportunity.get_builds_towards_display()
                    or "No particular role"),
        summary_row("Open to", band_range_text(opportunity)),
        summary_row("Places", str(opportunity.seats)),
        summary_row("Dates", f"{nhs_date(opportunity.starts_on)} to "
                             f"{nhs_date(opportunity.ends_on)}"),
        summary_row("Closing date", nhs_date(opportunity.closes_on)),
        summary_row("Who can see it", opportunity.get_reach_display()),
        summary_row("Status", opportunity.get_status_display()),
    ]
    if interest_total is not None:
        rows.append(summary_row("Interest so far", f"{interest_total} "
                                + ("person" if interest_total == 1 else "people")))
    return rows


@dataclass(frozen=True)
class OpportunityCells:
    """The cells every table of opportunities (or of interests and placements in them) starts
    with: the title, a link (by default to the opportunity) and the host organisation. A
    table's row class adds its own cells."""

    title: str
    href: str
    host: str

    @classmethod
    def of(cls, opportunity: Opportunity, href: str = "", **cells) -> Self:
        """The row of ``opportunity``, linking to ``href`` or else to the opportunity, with
        the table's own ``cells``."""
        return cls(title=opportunity.title,
                   href=href or reverse("opportunities:detail", args=[opportunity.pk]),
                   host=opportunity.host.display_name, **cells)


@dataclass(frozen=True)
class OpportunityRow(OpportunityCells):
    kind: str
    where: str
    bands: str
    closes: str
    status: str


def opportunity_list_rows(opportunities: Iterable[Opportunity]) -> list[OpportunityRow]:
    return [OpportunityRow.of(o, kind=OpportunityKind(o.kind).label, where=where_text(o),
                              bands=band_range_text(o), closes=nhs_date(o.closes_on),
                              status=o.get_status_display())
            for o in opportunities]


def _rank_text(interest: Interest) -> str:
    """Where the leader ranked the opportunity among their interests, or "Not ranked"."""
    return str(interest.preference_rank) if interest.preference_rank else "Not ranked"


@dataclass(frozen=True)
class InterestRow(PersonCells):
    rank: str
    source: str
    statement: str


def interest_rows(interests: Iterable[Interest]) -> list[InterestRow]:
    return [InterestRow.of(i.person, reverse("people:detail", args=[i.person_id]),
                           rank=_rank_text(i), source=i.get_source_display(),
                           statement=i.statement or "None given")
            for i in interests]


@dataclass(frozen=True)
class MyInterestRow(OpportunityCells):
    rank: str
    status: str
    source: str
    closes: str


def my_interest_rows(interests: Iterable[Interest]) -> list[MyInterestRow]:
    return [MyInterestRow.of(i.opportunity, rank=_rank_text(i), status=i.get_status_display(),
                             source=i.get_source_display(),
                             closes=nhs_date(i.opportunity.closes_on))
            for i in interests]


def _placement_dates(placement: Placement) -> str:
    if not placement.starts_on:
        return "Not set"
    return f"{nhs_date(placement.starts_on)} to {nhs_date(placement.ends_on)}"


@dataclass(frozen=True)
class PlacementRow(OpportunityCells):
    person: str
    home: str
    status: str
    dates: str


def placement_rows(placements: Iterable[Placement]) -> list[PlacementRow]:
    return [PlacementRow.of(p.opportunity, reverse("opportunities:placement", args=[p.pk]),
                            person=p.person.full_name, home=p.home_organisation.display_name,
                            status=p.get_status_display(), dates=_placement_dates(p))
            for p in placements]


def placement_summary(placement: Placement) -> list[dict]:
    def decision(side: str) -> str:
        value = getattr(placement, f"get_{side}_decision_display")()
        reason = getattr(placement, f"{side}_reason")
        return f"{value}. {reason}" if reason else value

    rows = [
        summary_row("Leader", placement.person.full_name),
        summary_row("Opportunity", placement.opportunity.title),
        summary_row("Host organisation", placement.opportunity.host.display_name),
        summary_row("Home organisation", placement.home_organisation.display_name),
        summary_row("Status", placement.get_status_display()),
        summary_row("Offered", nhs_datetime(placement.offered_at)),
        summary_row("Home organisation's decision", decision("home")),
        summary_row("Host organisation's decision", decision("host")),
        summary_row("Dates", _placement_dates(placement)),
    ]
    if placement.response_reason:
        rows.append(summary_row("Leader's comment", placement.response_reason))
    if placement.status in (PlacementStatus.PLACED, PlacementStatus.COMPLETED):
        rows.append(summary_row("Leader's reflection", placement.reflection or "Not yet"))
        rows.append(summary_row("Host's feedback", placement.host_feedback or "Not yet"))
    return rows


# --------------------------------------------------------------------------------------
# Match runs
# --------------------------------------------------------------------------------------


def run_rows(run: MatchRun) -> list[dict]:
    rows = [
        summary_row("Scope", run.scope_label),
        summary_row("Run by", run.created_by.display_name if run.created_by_id else "Unknown"),
        summary_row("Started", nhs_datetime(run.created_at)),
        summary_row("Status", run_status(run)),
        summary_row("Release cap", f"{run.release_cap:,} leaders from one organisation at "
                    "once" if run.release_cap else "No cap"),
        summary_row("Positive-action tie-break", run.get_positive_action_group_display()
                    if run.positive_action_group else "Off"),
    ]
    if run.status == RunStatus.SUCCEEDED:
        rows += [
            summary_row("People considered", f"{run.candidates:,}"),
            summary_row("Opportunities", f"{run.opportunities:,} with {run.seats:,} places"),
            summary_row("Pairs passing every rule", f"{run.pairs:,}"),
            summary_row("Solved in", f"{run.seconds:.2f} seconds" if run.seconds else ""),
        ]
    if run.status == RunStatus.FAILED:
        rows.append(summary_row("What went wrong", run.error))
    return rows


def run_status(run: MatchRun) -> str:
    """ "Finished: 9 proposals", "Running (40%): Scoring pairs": the status said once."""
    if run.status == RunStatus.SUCCEEDED:
        return f"Finished: {run.placements:,} proposal{'' if run.placements == 1 else 's'}"
    status = run.get_status_display()
    if run.status in (RunStatus.QUEUED, RunStatus.RUNNING):
        status += f" ({run.progress}%)"
    message = run.progress_message
    if message and message.lower() != run.get_status_display().lower():
        status += f": {message}"
    return status


def exclusion_rows(run: MatchRun) -> list[tuple[str, str]]:
    return [(RULE_LABELS[name], f"{run.exclusions.get(name, 0):,}") for name in RULE_LABELS]


def _total(value: int | None) -> str:
    return "Not recorded" if value is None else f"{value:,}"


def comparison(run: MatchRun) -> list[tuple[str, str, str]]:
    """Merit totals (sums of merit points), never the solver's scaled objective."""
    return [
        ("Optimal (exact)", _total(run.merit_total), f"{run.placements:,}"),
        ("Greedy (best pair first)", _total(run.greedy_merit_total),
         f"{run.greedy_placements or 0:,}"),
    ]


def weight_rows(run: MatchRun) -> list[tuple[str, str]]:
    return [(WEIGHT_LABELS[name], str(value)) for name, value in run.weights.items()
            if name in WEIGHT_LABELS]


@dataclass(frozen=True)
class ProposalRow:
    pk: int
    name: str
    person_href: str
    organisation: str
    opportunity: str
    opportunity_href: str
    score: int
    parts: str
    explanation: str
    offered: bool
    placement_href: str


def proposal_rows(proposals: Iterable[Proposal]) -> list[ProposalRow]:
    rows = []
    for p in proposals:
        placement = getattr(p, "placement", None) if p.n_open else None
        rows.append(ProposalRow(
            pk=p.pk, name=p.person.full_name,
            person_href=reverse("people:detail", args=[p.person_id]),
            organisation=p.person.organisation.display_name, opportunity=p.opportunity.title,
            opportunity_href=reverse("opportunities:detail", args=[p.opportunity_id]),
            score=p.merit,
            parts=", ".join(f"{PART_LABELS[k]} {v}" for k, v in p.parts.items()
                            if v and k in PART_LABELS) or "No points",
            explanation=in_third_person(p.explanation), offered=placement is not None,
            placement_href=reverse("opportunities:placement", args=[placement.pk])
            if placement is not None else "",
        ))
    return rows


def _percent(value) -> str:
    return "Not shown" if value is None else f"{value * 100:.0f}%"


def _ratio(row: dict) -> str:
    if row["relative_likelihood"] is None:
        return "Not shown (" + (row["note"] or "small numbers") + ")"
    return (f"{row['relative_likelihood']:.2f} (95% CI {row['ci_low']:.2f} to "
            f"{row['ci_high']:.2f})")


def fairness_tables(run: MatchRun) -> list[dict]:
    tables = []
    for table in run.fairness.values():
        tables.append({
            "caption": f"Proposal rate by {table['label'].lower()}",
            "reference": table["reference"],
            "withheld": not table["rows"],
            "rows": [{"group": r["group"], "candidates": str(r["candidates"]),
                      "proposed": str(r["proposed"]), "rate": _percent(r["rate"]),
                      "ratio": _ratio(r)} for r in table["rows"]],
        })
    return tables
