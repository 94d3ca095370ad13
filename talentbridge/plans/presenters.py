"""Display-ready values of development plan actions: due dates in words, overdue flags,
progress tags and what each action links to."""

from __future__ import annotations

import datetime as dt

from talentbridge.core.forms import nhs_date
from talentbridge.talent.frameworks import LCF_SHORT_NAMES
from talentbridge.talent.frameworks import LcfDomain

from .models import PlanAction
from .models import Progress
from .services import is_overdue

TAG_COLOURS = {Progress.NOT_STARTED: "nhsuk-tag--grey", Progress.IN_PROGRESS: "nhsuk-tag--blue",
               Progress.DONE: "nhsuk-tag--green", Progress.DROPPED: "nhsuk-tag--white"}


def links_of(action: PlanAction) -> list[str]:
    """What the action develops or came from, in words."""
    links = []
    if action.lcf_domain:
        links.append(f"Develops: {LCF_SHORT_NAMES[LcfDomain(action.lcf_domain)]}")
    if action.conversation_id:
        held = action.conversation.held_on if action.conversation else None
        links.append(f"From the career conversation of {nhs_date(held)}" if held
                     else "From a career conversation")
    if action.opportunity_id and action.opportunity:
        links.append(f"Opportunity: {action.opportunity.title}")
    if action.programme_id and action.programme:
        links.append(f"Programme: {action.programme.name}")
    return links


def progress_text(action: PlanAction) -> str:
    text = action.get_progress_display()
    if action.percent is not None and action.progress != Progress.DROPPED:
        text += f" ({action.percent}%)"
    return text


def action_row(action: PlanAction, today: dt.date | None = None) -> dict:
    overdue = is_overdue(action, today)
    return {
        "pk": action.pk, "title": action.title, "success": action.success,
        "due": nhs_date(action.due_on), "overdue": overdue,
        "progress": progress_text(action),
        "tag": "nhsuk-tag--red" if overdue else TAG_COLOURS[Progress(action.progress)],
        "tag_text": "Overdue" if overdue else action.get_progress_display(),
        "links": links_of(action),
    }
