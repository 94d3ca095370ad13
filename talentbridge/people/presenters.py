"""Turn people, career entries and characteristics into display-ready values: NHS style dates
("26 November 2026"), labels from the code lists, and rows for NHS summary lists and tables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from django.urls import reverse

from talentbridge.core.forms import nhs_date

from .codes import Visibility
from .forms import VISIBILITY_HINTS
from .models import CareerHistoryEntry
from .models import Person
from .models import ProtectedCharacteristics

NOT_GIVEN = "Not given"


def summary_row(key: str, value: str, *, change_href: str = "", change_text: str = "") -> dict:
    """One row of the NHS summary list component."""
    row = {"key": {"text": key}, "value": {"text": value or NOT_GIVEN}}
    if change_href:
        row["actions"] = {"items": [{"href": change_href, "text": "Change",
                                     "visuallyHiddenText": change_text or key.lower()}]}
    return row


#: Where on the edit page each row's "Change" link lands: its field (the first part of a date),
#: or, for who can see the profile, the visibility question.
VISIBILITY_ANCHOR = "visibility"


def profile_rows(person: Person, *, edit_href: str = "") -> list[dict]:
    """The profile as summary list rows; with `edit_href`, each editable row links to its own
    field on that page (``edit_href#id_job_title``), not to the top of the form."""
    def row(key, value, anchor=""):
        href = f"{edit_href}#{anchor}" if edit_href and anchor else ""
        return summary_row(key, value, change_href=href)

    manager = person.line_manager.full_name if person.line_manager_id else ""
    return [
        row("Name", person.full_name, "id_given_name"),
        row("Job title", person.job_title, "id_job_title"),
        row("Employing organisation", person.organisation.display_name),
        row("Band or grade", person.get_pay_band_display(), "id_pay_band"),
        row("Staff group", person.get_staff_group_display(), "id_staff_group"),
        row("Professional background", person.get_professional_background_display(),
            "id_professional_background"),
        row("Line manager", manager or "None recorded"),
        row("Started in post", nhs_date(person.started_in_post), "id_started_in_post_day"),
        row("Started in the NHS", nhs_date(person.started_in_nhs), "id_started_in_nhs_day"),
        row("Work email", person.work_email),
        row("Who can see this profile", visibility_text(person.visibility), VISIBILITY_ANCHOR),
    ]


def visibility_text(visibility: str) -> str:
    return f"{Visibility(visibility).label}. {VISIBILITY_HINTS[visibility]}"


@dataclass(frozen=True)
class CareerRow:
    pk: int
    role_title: str
    employer: str
    sector: str
    kind: str
    dates: str
    remove_href: str


def career_rows(entries: Iterable[CareerHistoryEntry], *, removable: bool = False
                ) -> list[CareerRow]:
    rows = []
    for entry in entries:
        end = nhs_date(entry.ended_on) if entry.ended_on else "now"
        rows.append(CareerRow(
            pk=entry.pk,
            role_title=entry.role_title,
            employer=entry.employer_name,
            sector=entry.get_sector_display(),
            kind=entry.get_kind_display(),
            dates=f"{nhs_date(entry.started_on)} to {end}",
            remove_href=reverse("people:career-remove", args=[entry.pk]) if removable else "",
        ))
    return rows


CHARACTERISTIC_LABELS = (
    ("ethnic_category", "Ethnic group"),
    ("sex", "Sex"),
    ("disability", "Disability"),
    ("sexual_orientation", "Sexual orientation"),
    ("religion", "Religion or belief"),
    ("date_of_birth", "Date of birth"),
)


def characteristics_rows(characteristics: ProtectedCharacteristics) -> list[dict]:
    rows = []
    for field, label in CHARACTERISTIC_LABELS:
        if field == "date_of_birth":
            value = nhs_date(characteristics.date_of_birth)
        else:
            value = getattr(characteristics, f"get_{field}_display")()
        rows.append(summary_row(label, value))
    return rows


@dataclass(frozen=True)
class PersonCells:
    """The cells every table of people starts with: the name (a link to ``href``), job title,
    employing organisation and band. A table's row class adds its own cells."""

    name: str
    href: str
    job_title: str
    organisation: str
    band: str

    @classmethod
    def of(cls, person: Person, href: str, **cells) -> Self:
        """The row of ``person`` (whose organisation the queryset selected), linking to
        ``href``, with the table's own ``cells``."""
        return cls(name=person.full_name, href=href, job_title=person.job_title,
                   organisation=person.organisation.display_name,
                   band=person.get_pay_band_display(), **cells)


@dataclass(frozen=True)
class PersonRow(PersonCells):
    staff_group: str


def person_rows(people: Iterable[Person]) -> list[PersonRow]:
    """Table rows for a list of people (the queryset must select_related the organisation)."""
    return [PersonRow.of(person, reverse("people:detail", args=[person.pk]),
                         staff_group=person.get_staff_group_display())
            for person in people]
