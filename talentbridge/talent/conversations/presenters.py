"""Turn conversations and search results into display-ready values (NHS
dates, labels, summary list rows, table rows). Private notes only ever come from a conversation
the services have already blanked for readers who may not see them; the row is left out
altogether for them. Assessments have theirs in assessment_presenters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from talentbridge.core.forms import nhs_date
from talentbridge.people.models import Person
from talentbridge.people.presenters import PersonCells
from talentbridge.people.presenters import summary_row
from talentbridge.talent.frameworks import LcfDomain
from talentbridge.talent.frameworks import LcfFrequency
from talentbridge.talent.frameworks import TravelReach
from talentbridge.talent.frameworks import domain_short_names
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import TalentProfile

FREQUENCY_LABELS = dict(LcfFrequency.choices)


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def domain_names(domains: Iterable[int]) -> str:
    return "; ".join(f"{d}. {LcfDomain(d).label}" for d in domains)


def mobility_text(item: CareerConversation | TalentProfile) -> str:
    parts = [TravelReach(item.travel_reach).label if item.travel_reach else ""]
    if item.open_to_other_organisations:
        parts.append("open to other NHS organisations")
    if item.open_to_other_sectors:
        parts.append("open to other sectors")
    if item.open_to_relocation:
        parts.append("open to relocating")
    return "; ".join(p for p in parts if p)


@dataclass(frozen=True)
class ConversationRow:
    href: str
    held_on: str
    held_by: str
    status: str
    readiness: str
    growth: str
    next_review_on: str


def conversation_rows(conversations: Iterable[CareerConversation]) -> list[ConversationRow]:
    return [
        ConversationRow(
            href=reverse("talent:conversation", args=[c.pk]),
            held_on=nhs_date(c.held_on) or "To be agreed",
            held_by=c.held_by.get_full_name() or c.held_by.get_username(),
            status=c.get_status_display(),
            readiness=c.readiness.label if c.readiness_id else "",
            growth=c.get_growth_category_display().split(":")[0] if c.growth_category else "",
            next_review_on=nhs_date(c.next_review_on),
        )
        for c in conversations
    ]


def conversation_record_rows(c: CareerConversation, *, change_href: str = "") -> list[dict]:
    def row(key, value):
        return summary_row(key, value, change_href=change_href)

    return [
        row("Date of the conversation", nhs_date(c.held_on)),
        row("Impact", c.get_impact_level_display() if c.impact_level else ""),
        row("Growth", c.get_growth_category_display() if c.growth_category else ""),
        row("Aspiration", c.aspiration),
        row("Next role wanted", c.aspiration_role),
        row("Readiness", c.readiness.label if c.readiness_id else ""),
        row("Mobility", mobility_text(c)),
        row("Development needs", domain_names(c.development_needs or [])),
        row("Aspirational development plan", c.development_plan),
        row("Next review date", nhs_date(c.next_review_on)),
    ]


def profile_rows(profile: TalentProfile | None) -> list[dict]:
    if profile is None:
        return []
    return [
        summary_row("Readiness", profile.readiness.label if profile.readiness_id else ""),
        summary_row("Impact", profile.get_impact_level_display() if profile.impact_level
                    else ""),
        summary_row("Growth", profile.get_growth_category_display() if profile.growth_category
                    else ""),
        summary_row("Next role wanted", profile.aspiration_role),
        summary_row("Mobility", mobility_text(profile)),
        summary_row("Development needs", domain_names(profile.development_needs)),
        summary_row("Strengths (from multi-rater feedback)",
                    domain_names(profile.strengths) or "None shown yet"),
        summary_row("Last career conversation", nhs_date(profile.last_conversation_on)),
    ]


# --------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TalentRow(PersonCells):
    readiness: str
    aspiration: str
    strengths: str
    needs: str


def _talent_cells(profile: TalentProfile | None) -> dict[str, str]:
    """A search result's cells from the person's talent profile (blank without one)."""
    if profile is None:
        return {"readiness": "", "aspiration": "", "strengths": "", "needs": ""}
    return {"readiness": profile.readiness.label if profile.readiness_id else "",
            "aspiration": profile.aspiration_role,
            "strengths": domain_short_names(profile.strengths),
            "needs": domain_short_names(profile.development_needs)}


def talent_rows(people: Iterable[Person]) -> list[TalentRow]:
    """Rows for search results (the queryset selects organisation and talent__readiness)."""
    return [TalentRow.of(person, reverse("talent:person-talent", args=[person.pk]),
                         **_talent_cells(getattr(person, "talent", None)))
            for person in people]
