"""Display-ready values for the learning log's pages."""

from __future__ import annotations

from talentbridge.core.forms import nhs_date
from talentbridge.talent.frameworks import LcfDomain

from .models import Entry
from .models import EntryKind

#: (field, heading) of an entry as a page shows it, in order.
SECTIONS = (
    ("what_happened", "What happened"),
    ("circumstances", "What was happening around me"),
    ("pressures", "The pressures I was under"),
    ("information", "The information I had, and what was missing"),
    ("system_factors", "What the way things are set up made easy or hard"),
    ("choices_made", "The choices I made, and why they made sense at the time"),
    ("what_i_learnt", "What I learnt"),
    ("do_differently", "What I would do differently"),
)


def domain_label(value) -> str:
    return LcfDomain(value).label if value else "Not about one domain"


def heading(entry: Entry) -> str:
    return entry.title or f"{entry.get_kind_display()} of {nhs_date(entry.happened_on)}"


def entry_row(entry: Entry) -> dict:
    return {"pk": entry.pk, "heading": heading(entry), "date": nhs_date(entry.happened_on),
            "kind": entry.get_kind_display(), "domain": domain_label(entry.lcf_domain),
            "tags": entry.tag_list}


def entry_sections(entry: Entry) -> list[dict]:
    return [{"heading": title, "text": getattr(entry, name)} for name, title in SECTIONS
            if getattr(entry, name) or name in ("what_happened", "what_i_learnt")
            or (entry.kind == EntryKind.LEARNING_REVIEW and name in (
                "circumstances", "system_factors"))]


def lesson_row(lesson) -> dict:
    return {"pk": lesson.pk, "title": lesson.title, "domain": domain_label(lesson.lcf_domain),
            "month": lesson.published_month.strftime("%B %Y"), "tags": lesson.tag_list,
            "text": lesson.text}
