"""Turn reviews, placements and pools into display-ready values for the pages: rows for NHS
tables and summary lists, percentages, status tags, and the calibration grid.

The calibration page lists a page of people at a time; its table rows are built here as one
string (`people_table_body`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.urls import reverse
from markupsafe import Markup

from talentbridge.core.forms import nhs_date
from talentbridge.organisations.models import Organisation
from talentbridge.people.codes import PayBand
from talentbridge.talent.models.pools import NominationStatus
from talentbridge.talent.models.pools import PoolStatus
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import policy as review_policy
from talentbridge.talent.reviews import pool_services
from talentbridge.talent.reviews import services

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
            u.get_full_name() or u.get_username() for u in review.participants.all())
            or "No participants"),
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
    position: str = ""  # "High potential, higher performance" in the grid's own words
    names: tuple[str, ...] = ()
    more: int = 0  # people in the cell beyond the names shown

    @property
    def people(self) -> str:
        return f"{self.count} {'person' if self.count == 1 else 'people'}"


@dataclass(frozen=True)
class GridRowView:
    label: str
    cells: list[GridCellView]
    count: int
    share: str
    guide: str
    difference: str


def grid_rows(review, cells, distribution, names: dict[int, list[str]] | None = None
              ) -> list[GridRowView]:
    """The grid, top row first, each cell with its count, share, place on the two axes (in
    words) and the first few names in it, each row against the guide."""
    by_position = {(c.column, c.row): c for c in cells}
    grid, names = review.grid, names or {}
    rows = []
    for row in distribution.rows:
        views = []
        for column in range(1, grid.columns + 1):
            cell = by_position.get((column, row.row))
            count = distribution.cells[(column, row.row)]
            shown = tuple(names.get(cell.pk, ())) if cell else ()
            position = (f"{grid.y_label}: {grid.y_values[row.row - 1]}; "
                        f"{grid.x_label.lower()}: {grid.x_values[column - 1].lower()}")
            views.append(GridCellView(cell.pk if cell else 0, cell.label if cell else "",
                                      cell.description if cell else "", count.count,
                                      percent(count.share), position, shown,
                                      max(0, count.count - len(shown))))
        rows.append(GridRowView(grid.y_values[row.row - 1], views, row.count,
                                percent(row.share), percent(row.guide),
                                signed_percent(row.difference)))
    return rows


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


def placement_rows(placements: list[dict], cells, proposers: dict[int, str]
                   ) -> list[PlacementRow]:
    """Rows for the calibration table from `review_services.placement_values`."""

    labels = {c.pk: c.label for c in cells}
    bands = dict(PayBand.choices)
    organisations: dict[str, str] = {}
    history = reverse("talent:placement-history", args=[0])[:-2]  # ".../person/"
    rows = []
    for p in placements:
        name = f"{p['person__given_name']} {p['person__family_name']}"
        org = p["person__organisation__name"]
        if org not in organisations:
            organisations[org] = Organisation(name=org).display_name
        rows.append(PlacementRow(
            pk=p["pk"], name=name, history_href=f"{history}{p['person_id']}/",
            organisation=organisations[org], band=bands.get(p["person__pay_band"], ""),
            cell_id=p["cell_id"], cell=labels[p["cell_id"]],
            proposed=labels[p["proposed_cell_id"]],
            moved=p["cell_id"] != p["proposed_cell_id"],
            readiness=p["readiness__label"] or "Not recorded", rationale=p["rationale"],
            proposed_by=proposers.get(p["proposed_by_id"], ""),
        ))
    return rows


def people_table_body(rows: list[PlacementRow], *, move_prefix: str, can_move: bool,
                      chosen: frozenset[str] | set[str] = frozenset()) -> Markup:
    """The <tbody> rows of the calibration table, built here rather than in the template
    (a page of rows through Jinja and the layout's levels of inheritance is slow).

    With ``can_move``, each row starts with a checkbox (name ``placements``) for the bulk
    move form that wraps the table, ticked if its id is in ``chosen``, and ends with a link
    to move that one person with their own reason. Every value is escaped."""
    e = html.escape
    cache: dict[str, str] = {}

    def c(text: str) -> str:  # escape values that repeat (cells, organisations, bands) once
        if text not in cache:
            cache[text] = e(text)
        return cache[text]

    prefix = e(move_prefix)
    parts = []
    for row in rows:
        name = e(row.name)
        placed = (f"Proposed: {c(row.proposed)} by {c(row.proposed_by)}" if row.moved
                  else f"Placed by {c(row.proposed_by)}")
        parts.append(f'<tr class="nhsuk-table__row" id="placement-{row.pk}">')
        if can_move:
            checked = " checked" if str(row.pk) in chosen else ""
            parts.append(
                f'<td class="nhsuk-table__cell tb-table__select"><div class="nhsuk-checkboxes">'
                f'<div class="nhsuk-checkboxes__item"><input class="nhsuk-checkboxes__input" '
                f'id="select-{row.pk}" name="placements" type="checkbox" value="{row.pk}"'
                f'{checked}><label class="nhsuk-label nhsuk-checkboxes__label" '
                f'for="select-{row.pk}"><span class="nhsuk-u-visually-hidden">Select {name}'
                f'</span></label></div></div></td>')
        parts.append(
            f'<th scope="row" class="nhsuk-table__header"><a href="{e(row.history_href)}">'
            f'{name}</a><br><span class="nhsuk-body-s">{c(row.organisation)}, {c(row.band)}'
            f'</span></th><td class="nhsuk-table__cell" data-label="Placement">{c(row.cell)}'
            f'<br><span class="nhsuk-body-s">{placed}</span></td>'
            f'<td class="nhsuk-table__cell" data-label="Readiness">{c(row.readiness)}</td>'
            f'<td class="nhsuk-table__cell" data-label="Rationale">{e(row.rationale)}</td>')
        if can_move:
            parts.append(f'<td class="nhsuk-table__cell"><a href="{prefix}{row.pk}/move/">Move'
                         f'<span class="nhsuk-u-visually-hidden"> {name} on their own</span>'
                         f'</a></td>')
        parts.append("</tr>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped


def moved_text(moves) -> str:
    """The banner after a bulk move: how many, where to, and who."""
    names = ", ".join(m.placement.person.full_name for m in moves)
    many = f"{len(moves)} {'person' if len(moves) == 1 else 'people'}"
    return f"{many} moved to \u201c{moves[0].to_cell.label}\u201d: {names}"


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
    rows = []
    viewable = services.viewable_review_ids(user, {p.review_id for p in placements})
    for p in placements:
        review = p.review
        rows.append({
            "review": review.name,
            "href": reverse("talent:review", args=[review.pk]) if review.pk in viewable else "",
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


def members_text(shown, counted: str) -> str:
    """A pool's member count as the viewer may see it (`pool_services.with_member_counts`)."""

    if counted == review_policy.COUNT_VISIBLE:
        return f"{shown} you can see"
    return str(shown)


def pool_rows(pools) -> list[dict]:
    """Rows for the pool list; `pools` have been through `pool_services.with_member_counts`."""
    return [
        {"name": p.name, "href": reverse("talent:pool", args=[p.pk]),
         "scope": pool_services.scope_label(p), "status": tag(p.status, p.get_status_display()),
         "members": members_text(p.members_shown, p.members_counted)}
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

    def shares(items):
        return [{"label": p.label, "count": p.shown} for p in items or []]

    return {
        "size": members_text(result.size, result.counted),
        "counted": result.counted,
        "one": result.size == 1,
        "readiness": counts(result.readiness),
        "organisations": counts(result.organisations),
        "kinds": counts(result.kinds),
        "makeup_shown": result.makeup_shown,
        "makeup_note": result.makeup_note,
        "makeup_as_of": nhs_date(result.makeup_as_of) if result.makeup_as_of else "",
        "ethnicity": shares(result.ethnicity),
        "sex": shares(result.sex),
        "disability": shares(result.disability),
    }
