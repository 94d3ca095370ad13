"""Turn reviews, placements and pools into display-ready values for the pages: rows for NHS
tables and summary lists, percentages, status tags, and the calibration grid.

The calibration page can show thousands of people; the cell options of each row's move form
are built once per cell here (`cell_options`), not once per person in the template.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from markupsafe import Markup

from talentbridge.core.forms import nhs_date

from . import pool_services
from . import review_services as services
from .models.pools import NominationStatus, PoolStatus
from .models.reviews import ReviewStatus

STATUS_TAG = {
    ReviewStatus.DRAFT: "nhsuk-tag--grey",
    ReviewStatus.CALIBRATING: "nhsuk-tag--yellow",
    ReviewStatus.LOCKED: "nhsuk-tag--green",
    PoolStatus.OPEN: "nhsuk-tag--green",
    PoolStatus.CLOSED: "nhsuk-tag--grey",
    NominationStatus.PENDING: "nhsuk-tag--yellow",
    NominationStatus.APPROVED: "nhsuk-tag--green",
    NominationStatus.DECLINED: "nhsuk-tag--red",
    NominationStatus.WITHDRAWN: "nhsuk-tag--grey",
}


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def signed_percent(value: float | None) -> str:
    if value is None:
        return "–"
    points = value * 100
    return "0 points" if round(points) == 0 else f"{points:+.0f} points"


def tag(status: str, label: str) -> dict:
    return {"text": label, "classes": STATUS_TAG.get(status, "")}


def summary_row(key: str, value: str) -> dict:
    return {"key": {"text": key}, "value": {"text": value or "None"}}


# --------------------------------------------------------------------------------------
# Reviews
# --------------------------------------------------------------------------------------


def review_rows(reviews) -> list[dict]:
    return [
        {"name": r.name, "href": reverse("talent:review", args=[r.pk]),
         "scope": services.scope_label(r), "held_on": nhs_date(r.held_on),
         "status": tag(r.status, r.get_status_display()), "placed": getattr(r, "placed", 0)}
        for r in reviews
    ]


def review_summary(review) -> list[dict]:
    rows = [
        summary_row("Covers", services.scope_label(review)
                    + (" (the whole integrated care system)" if review.system_id else "")),
        summary_row("Date", nhs_date(review.held_on)),
        summary_row("Grid", review.grid.name),
        summary_row("Facilitator", review.facilitator.get_full_name()
                    or review.facilitator.get_username()),
        summary_row("Participants", ", ".join(
            u.get_full_name() or u.get_username() for u in review.participants.all())),
        summary_row("Status", review.get_status_display()),
    ]
    if review.locked_at:
        rows.append(summary_row("Locked", f"{nhs_date(review.locked_at.date())} by "
                                f"{review.locked_by.get_full_name() or review.locked_by}"))
    return rows


@dataclass(frozen=True)
class GridCellView:
    pk: int
    label: str
    description: str
    count: int
    share: str


@dataclass(frozen=True)
class GridRowView:
    label: str
    cells: list[GridCellView]
    count: int
    share: str
    guide: str
    difference: str


def grid_rows(review, cells, distribution) -> list[GridRowView]:
    """The grid, top row first, each cell with its count and share, each row against the
    guide."""
    by_position = {(c.column, c.row): c for c in cells}
    rows = []
    for row in distribution.rows:
        views = []
        for column in range(1, review.grid.columns + 1):
            cell = by_position.get((column, row.row))
            count = distribution.cells[(column, row.row)]
            views.append(GridCellView(cell.pk if cell else 0, cell.label if cell else "",
                                      cell.description if cell else "", count.count,
                                      percent(count.share)))
        rows.append(GridRowView(review.grid.y_values[row.row - 1], views, row.count,
                                percent(row.share), percent(row.guide),
                                signed_percent(row.difference)))
    return rows


def cell_options(cells) -> dict[int, Markup]:
    """For each cell, the <option> list of every cell with that one selected."""
    out = {}
    for current in cells:
        out[current.pk] = Markup("").join(
            Markup('<option value="{}"{}>{}</option>').format(
                c.pk, Markup(" selected") if c.pk == current.pk else "", c.label)
            for c in cells)
    return out


@dataclass(frozen=True)
class PlacementRow:
    pk: int
    name: str
    history_href: str
    organisation: str
    band: str
    cell_id: int
    cell: str
    proposed: str
    moved: bool
    readiness: str
    rationale: str
    proposed_by: str


def placement_rows(placements, proposers: dict[int, str]) -> list[PlacementRow]:
    rows = []
    for p in placements:
        person = p.person
        rows.append(PlacementRow(
            pk=p.pk, name=person.full_name,
            history_href=reverse("talent:placement-history", args=[person.pk]),
            organisation=person.organisation.display_name,
            band=person.get_pay_band_display(), cell_id=p.cell_id, cell=p.cell.label,
            proposed=p.proposed_cell.label, moved=p.cell_id != p.proposed_cell_id,
            readiness=p.readiness.label if p.readiness_id else "Not recorded",
            rationale=p.rationale,
            proposed_by=proposers.get(p.proposed_by_id, ""),
        ))
    return rows


def leniency_rows(items, proposers: dict[int, str]) -> list[dict]:
    def shift(value: float) -> str:
        return f"{value:+.1f}"

    return [
        {"manager": proposers.get(item.proposer_id, "Unknown"), "placed": item.placed,
         "rows": shift(item.mean_row_shift), "columns": shift(item.mean_column_shift),
         "down": percent(item.moved_down), "up": percent(item.moved_up),
         "signal": item.signal, "caution": item.small_number}
        for item in items
    ]


def move_rows(moves) -> list[dict]:
    return [
        {"name": m.placement.person.full_name, "from": m.from_cell.label, "to": m.to_cell.label,
         "by": m.moved_by.get_full_name() or m.moved_by.get_username(),
         "when": m.moved_at, "reason": m.reason}
        for m in moves
    ]


def history_rows(placements, user) -> list[dict]:
    from . import review_policy

    rows = []
    for p in placements:
        review = p.review
        rows.append({
            "review": review.name,
            "href": reverse("talent:review", args=[review.pk])
            if review_policy.can_view_review(user, review) else "",
            "scope": services.scope_label(review),
            "held_on": nhs_date(review.held_on),
            "grid": review.grid.name,
            "cell": p.cell.label,
            "proposed": p.proposed_cell.label if p.proposed_cell_id != p.cell_id else "",
            "readiness": p.readiness.label if p.readiness_id else "Not recorded",
            "rationale": p.rationale,
            "moves": [{"from": m.from_cell_id, "reason": m.reason} for m in p.moves.all()],
            "status": tag(review.status, review.get_status_display()),
        })
    return rows


# --------------------------------------------------------------------------------------
# Pools
# --------------------------------------------------------------------------------------


def pool_rows(pools) -> list[dict]:
    return [
        {"name": p.name, "href": reverse("talent:pool", args=[p.pk]),
         "scope": pool_services.scope_label(p), "status": tag(p.status, p.get_status_display()),
         "members": getattr(p, "members", 0)}
        for p in pools
    ]


def pool_summary(pool) -> list[dict]:
    return [
        summary_row("For", pool_services.scope_label(pool)),
        summary_row("Purpose", pool.purpose),
        summary_row("Entry criteria", pool.entry_criteria),
        summary_row("Nominations", pool.get_status_display()),
        summary_row("Membership reviewed every", f"{pool.review_interval_months} months"),
        summary_row("Run by", pool.owner.get_full_name() or pool.owner.get_username()),
    ]


def member_rows(memberships) -> list[dict]:
    rows = []
    for m in memberships:
        talent = getattr(m.person, "talent", None)
        rows.append({
            "pk": m.pk, "name": m.person.full_name,
            "organisation": m.person.organisation.display_name,
            "readiness": talent.readiness.label if talent and talent.readiness_id
            else "Not recorded",
            "joined": nhs_date(m.joined_on), "review_on": nhs_date(m.review_on),
            "exit_href": reverse("talent:pool-membership-exit", args=[m.pk]),
        })
    return rows


def nomination_rows(nominations, *, show_pool: bool = False) -> list[dict]:
    return [
        {"pk": n.pk, "name": n.person.full_name, "pool": n.pool.name if show_pool else "",
         "pool_href": reverse("talent:pool", args=[n.pool_id]),
         "route": n.get_route_display(), "statement": n.statement,
         "nominated_by": n.nominated_by.get_full_name() or n.nominated_by.get_username(),
         "created": nhs_date(n.created_at.date()),
         "status": tag(n.status, n.get_status_display()), "reason": n.decision_reason,
         "pending": n.status == NominationStatus.PENDING,
         "decide_href": reverse("talent:pool-nomination-decide", args=[n.pk]),
         "withdraw_href": reverse("talent:pool-nomination-withdraw", args=[n.pk])}
        for n in nominations
    ]


def composition_tables(result) -> dict:
    def counts(pairs):
        return [{"label": label, "count": n} for label, n in pairs]

    def parts(items):
        return [{"label": p.label, "count": p.shown} for p in items]

    return {
        "size": result.size,
        "readiness": counts(result.readiness),
        "organisations": counts(result.organisations),
        "kinds": counts(result.kinds),
        "ethnicity": parts(result.ethnicity),
        "sex": parts(result.sex),
        "disability": parts(result.disability),
    }

