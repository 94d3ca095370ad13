"""Talent reviews: create, place people, calibrate (every move recorded with a reason), lock.

Shared by the web pages, the API, the demo and the benchmark. Each function takes the acting
user, asks `review_policy`, checks the input (a ValidationError naming the field and the value,
with nothing written), does the work in one transaction and writes an audit event.

A review the user may not view looks exactly like one that does not exist (ReviewNotFound, a
404). A locked review refuses every change with ReviewLocked, whose message says when and by
whom it was locked. The distribution and rater-leniency figures are plain functions of plain
data (`distribution`, `leniency`), tested on their own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import F
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.core.forms import nhs_date
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.people.models import Person
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PlacementMove
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewGrid
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentReview
from talentbridge.talent.models.reviews import ReviewScope
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import policy

NAME_MAX = TalentReview._meta.get_field("name").max_length
TEXT_MAX = 2000
#: Below this many placements by one manager, leniency figures carry a small-numbers caution.
SMALL_NUMBER = 5
#: A mean shift of at least this many steps (rows + columns) flags a manager's placements.
SIGNAL_SHIFT = 0.5
#: The 9-box shows this many names in each cell, then how many more and a link to them all.
NAMES_PER_CELL = 6
#: At most this many people move in one go (more than the calibration page lists at once).
MOVE_MANY_MAX = 500


class ReviewNotFound(Http404):
    """No such review, or not one this user may view (the two look the same from outside)."""


class ReviewLocked(ValidationError):
    """Any change to a locked review."""

    def __init__(self, review: TalentReview):
        self.review = review
        super().__init__({"status": locked_message(review)})


def locked_message(review: TalentReview) -> str:
    who = review.locked_by.get_full_name() or review.locked_by.get_username() \
        if review.locked_by_id else "the facilitator"
    when = nhs_date(timezone.localdate(review.locked_at)) if review.locked_at else "an earlier date"
    return (f'The review "{review.name}" was locked on {when} by {who} after calibration, '
            "so it can no longer be changed.")


def _text(errors: dict, name: str, value, label: str, *, max_length: int = TEXT_MAX,
          required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors[name] = f"Enter {label}"
    elif len(value) > max_length:
        errors[name] = (f"{label[0].upper()}{label[1:]} must be {max_length} characters or "
                        f"fewer (you entered {len(value)})")
    elif any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        errors[name] = f"{label[0].upper()}{label[1:]} must not contain control characters"
    return value


def _check_scope(errors: dict, scope_level: str, levels, of: str, places: dict) -> None:
    """Record in `errors` a scope level that is not one of `levels` (naming `of`, what it
    scopes), or the missing place a level needs: `places` maps each level that needs one
    (organisation, system or region, also the field's name) to the place given and the
    message when it is missing."""
    if scope_level not in levels:
        errors["scope_level"] = (f'Choose the scope of {of} from the list ("{scope_level}" '
                                 "is not one of the options)")
    elif scope_level in places and places[scope_level][0] is None:
        errors[scope_level] = places[scope_level][1]


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------


def viewable_review_ids(user, review_ids) -> set[int]:
    """Which of these reviews the user may view, in one query (the policy's list filter, which
    the access matrix holds to `policy.can_view_review`): a list linking to many reviews asks
    once, not once a review."""
    return set(TalentReview.objects.filter(policy.reviews_filter(user), pk__in=list(review_ids))
               .values_list("pk", flat=True))


def reviews_for(user) -> QuerySet[TalentReview]:
    """Reviews this user may view, each with `placed`: the placements they can see (never a
    count that includes people hidden from them)."""
    visible = Person.objects.visible_to(user).values("pk")
    return (TalentReview.objects.filter(policy.reviews_filter(user))
            .select_related("organisation", "system", "grid", "facilitator")
            .annotate(placed=Count("placements", filter=Q(placements__person__in=visible),
                                   distinct=True))
            .order_by("-held_on", "name", "pk"))


def get_review(user, pk: int, *, request=None, audit: bool = True) -> TalentReview:
    review = (TalentReview.objects
              .select_related("organisation", "system", "grid", "facilitator", "locked_by",
                              "created_by")
              .filter(pk=pk).first())
    if review is None or not policy.can_view_review(user, review):
        raise ReviewNotFound("No such review")
    if audit:
        record(actor=user, action=AuditAction.VIEW, target=review, request=request)
    return review


def grids() -> QuerySet[ReviewGrid]:
    return ReviewGrid.objects.order_by("name")


def readiness_levels() -> QuerySet[ReadinessLevel]:
    return ReadinessLevel.objects.filter(is_active=True).order_by("order")


def scope_label(review: TalentReview) -> str:
    if review.scope_level == ReviewScope.ORGANISATION:
        return review.organisation.display_name
    return review.system.short_name


def placeable_people(user, review: TalentReview) -> QuerySet[Person]:
    """People this user may place in this review and who have no placement in it yet."""
    people = Person.objects.visible_to(user).filter(
        organisation_id__in=policy.review_organisation_ids(review)
    ).exclude(review_placements__review=review)
    if not policy.runs_review(user, review):
        person_id = policy.roles_for(user).person_id
        people = people.filter(line_manager_id=person_id) if person_id else people.none()
    return people.select_related("organisation").order_by("family_name", "given_name", "pk")


def visible_placements(user, review: TalentReview) -> QuerySet[ReviewPlacement]:
    return (ReviewPlacement.unscoped.filter(review=review,
                                           person__in=Person.objects.visible_to(user))
            .select_related("person__organisation", "cell", "proposed_cell", "readiness",
                            "proposed_by")
            .order_by("-cell__row", "cell__column", "person__family_name",
                      "person__given_name", "pk"))


# --------------------------------------------------------------------------------------
# Distribution against the guide, and rater leniency (plain functions of plain data)
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CellCount:
    column: int
    row: int
    count: int
    share: float | None


@dataclass(frozen=True)
class RowCount:
    row: int
    count: int
    share: float | None
    guide: float | None

    @property
    def difference(self) -> float | None:
        if self.share is None or self.guide is None:
            return None
        return self.share - self.guide


@dataclass(frozen=True)
class Distribution:
    total: int
    cells: dict[tuple[int, int], CellCount]
    rows: list[RowCount]  # top row first


def distribution(columns: int, rows: int, guide: dict, positions: Iterable[tuple[int, int]]
                 ) -> Distribution:
    """Counts and shares per cell and per row of a grid, with the guide's share per row.

    `positions` are (column, row) of each calibrated placement, both from 1; `guide` maps a row
    number (as text or int) to its expected share."""
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for position in positions:
        counts[position] += 1
    total = sum(counts.values())

    def share(n: int) -> float | None:
        return n / total if total else None

    cells = {(c, r): CellCount(c, r, counts[(c, r)], share(counts[(c, r)]))
             for c in range(1, columns + 1) for r in range(1, rows + 1)}
    row_counts = []
    for r in range(rows, 0, -1):
        n = sum(counts[(c, r)] for c in range(1, columns + 1))
        expected = guide.get(str(r), guide.get(r)) if guide else None
        row_counts.append(RowCount(r, n, share(n), float(expected) if expected is not None
                                   else None))
    return Distribution(total, cells, row_counts)


@dataclass(frozen=True)
class Leniency:
    proposer_id: int
    placed: int
    mean_row_shift: float  # calibrated row − proposed row: negative = placed too high
    mean_column_shift: float
    moved_down: float  # share the calibration moved to a lower cell
    moved_up: float
    small_number: bool

    @property
    def signal(self) -> str:
        if self.small_number:
            return "Too few to tell"
        shift = self.mean_row_shift + self.mean_column_shift
        if shift <= -SIGNAL_SHIFT:
            return "Placed people higher than calibration agreed"
        if shift >= SIGNAL_SHIFT:
            return "Placed people lower than calibration agreed"
        return "In line with calibration"


def _lower(proposed: tuple[int, int], calibrated: tuple[int, int]) -> bool:
    """Is the calibrated cell lower than the proposed one? Rows (potential/growth) count
    first, then columns."""
    (pc, pr), (cc, cr) = proposed, calibrated
    return cr < pr or (cr == pr and cc < pc)


def leniency(rows: Iterable[tuple[int, int, int, int, int]]) -> list[Leniency]:
    """Per manager who proposed placements: how their proposed cells compare with the
    calibrated result. Each row is (proposer, proposed column, proposed row, column, row)."""
    by_proposer: dict[int, list[tuple[int, int, int, int]]] = defaultdict(list)
    for proposer, pc, pr, cc, cr in rows:
        by_proposer[proposer].append((pc, pr, cc, cr))
    out = []
    for proposer, items in by_proposer.items():
        n = len(items)
        down = sum(1 for pc, pr, cc, cr in items if _lower((pc, pr), (cc, cr)))
        up = sum(1 for pc, pr, cc, cr in items if _lower((cc, cr), (pc, pr)))
        out.append(Leniency(
            proposer_id=proposer, placed=n,
            mean_row_shift=sum(cr - pr for _, pr, _, cr in items) / n,
            mean_column_shift=sum(cc - pc for pc, _, cc, _ in items) / n,
            moved_down=down / n, moved_up=up / n, small_number=n < SMALL_NUMBER,
        ))
    out.sort(key=lambda item: (item.mean_row_shift + item.mean_column_shift, -item.placed))
    return out


@dataclass(frozen=True)
class CalibrationFilters:
    """What the calibration page's list is narrowed to (each None or blank means any)."""

    organisation_id: int | None = None
    cell_id: int | None = None
    line_manager: str = ""
    moved: bool | None = None


def filtered_placements(user, review: TalentReview, filters: CalibrationFilters
                        ) -> QuerySet[ReviewPlacement]:
    """The placements this user may see, narrowed by the calibration page's filters: an
    organisation, a cell of the grid, a line manager's name (every word in their given or
    family name), moved or not moved in calibration."""
    placements = visible_placements(user, review)
    if filters.organisation_id:
        placements = placements.filter(person__organisation_id=filters.organisation_id)
    if filters.cell_id:
        placements = placements.filter(cell_id=filters.cell_id)
    for word in filters.line_manager.split():
        placements = placements.filter(Q(person__line_manager__given_name__icontains=word)
                                       | Q(person__line_manager__family_name__icontains=word))
    if filters.moved is True:
        placements = placements.exclude(cell_id=F("proposed_cell_id"))
    elif filters.moved is False:
        placements = placements.filter(cell_id=F("proposed_cell_id"))
    return placements


def review_organisations(review: TalentReview) -> QuerySet[Organisation]:
    """The organisations a review covers, by name (the calibration page's filter)."""
    return Organisation.objects.filter(
        pk__in=policy.review_organisation_ids(review)).order_by("name")


PLACEMENT_FIELDS = ("pk", "person_id", "person__given_name", "person__family_name",
                    "person__organisation__name", "person__pay_band", "cell_id",
                    "proposed_cell_id", "readiness__label", "rationale", "proposed_by_id")


def placement_values(placements: QuerySet[ReviewPlacement]) -> QuerySet:
    """Placements as plain values for the calibration table (cheaper than model instances)."""
    return placements.values(*PLACEMENT_FIELDS)


def _names_per_cell(user, review: TalentReview, limit: int) -> dict[int, list[str]]:
    """For each cell, the names of the first ``limit`` people (by family name) this user can
    see in it: the 9-box shows them, and a link to the rest."""
    names: dict[int, list[str]] = defaultdict(list)
    for cell_id, given, family in visible_placements(user, review).order_by(
            "person__family_name", "person__given_name", "pk").values_list(
            "cell_id", "person__given_name", "person__family_name"):
        if len(names[cell_id]) < limit:
            names[cell_id].append(f"{given} {family}")
    return names


@dataclass
class Board:
    """Everything the calibration page shows, loaded in a fixed number of queries."""

    review: TalentReview
    cells: list[GridCell]
    names: dict[int, list[str]]
    distribution: Distribution
    leniency: list[Leniency]
    proposers: dict[int, str]
    moves: QuerySet[PlacementMove]  # newest first; the page shows them a page at a time
    can_place: bool = False
    can_calibrate: bool = False
    can_export: bool = False
    placeable_count: int = 0
    extra: dict = field(default_factory=dict)


def board(user, review: TalentReview) -> Board:
    """The calibration page's content. Every figure on it (grid counts and shares, rows against
    the guide, rater leniency, moves) is worked out from the placements this user can see
    only, for every user alike: a count that included hidden people, beside the rows shown,
    would tell where they sit."""
    cells = list(review.grid.cells.order_by("-row", "column"))
    rows = list(ReviewPlacement.unscoped.filter(
        review=review, person__in=Person.objects.visible_to(user)).values_list(
        "proposed_by_id", "proposed_cell__column", "proposed_cell__row", "cell__column",
        "cell__row"))
    proposer_ids = {row[0] for row in rows}
    users = get_user_model().objects.filter(pk__in=proposer_ids)
    proposers = {u.pk: (u.get_full_name() or u.get_username()) for u in users}
    moves_qs = (PlacementMove.unscoped.filter(placement__review=review,
                                             placement__person__in=Person.objects.visible_to(user))
                .select_related("placement__person", "from_cell", "to_cell", "moved_by")
                .order_by("-moved_at", "-pk"))
    is_open = policy.is_open(review)
    runs = policy.runs_review(user, review)
    result = Board(
        review=review, cells=cells, names=_names_per_cell(user, review, NAMES_PER_CELL),
        distribution=distribution(review.grid.columns, review.grid.rows, review.grid.guide,
                                  ((row[3], row[4]) for row in rows)),
        leniency=leniency(rows), proposers=proposers, moves=moves_qs,
        can_calibrate=is_open and runs and review.status == ReviewStatus.CALIBRATING,
        can_export=policy.can_export_review(user, review),
    )
    if is_open:
        result.placeable_count = placeable_people(user, review).count()
        result.can_place = result.placeable_count > 0 or runs
    return result


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _users(errors: dict, name: str, usernames: Sequence[str]) -> list:
    wanted = [u.strip() for u in usernames if u and u.strip()]
    found = {u.username: u for u in get_user_model().objects.filter(username__in=wanted,
                                                                     is_active=True)}
    missing = [u for u in wanted if u not in found]
    if missing:
        errors[name] = "There is no active user with username " + ", ".join(
            f'"{u}"' for u in missing)
    return [found[u] for u in dict.fromkeys(wanted) if u in found]


@transaction.atomic
def create_review(user, *, name: str, scope_level: str, organisation: Organisation | None = None,
                  system: IntegratedCareSystem | None = None, grid: ReviewGrid | None = None,
                  held_on: dt.date | None = None, facilitator: str = "",
                  participants: Sequence[str] = (), request=None) -> TalentReview:
    """A new review in draft. Organisation talent leads run their organisation's reviews,
    system talent leads their system's."""
    errors: dict[str, str] = {}
    name = _text(errors, "name", name, "a name for the review", max_length=NAME_MAX)
    _check_scope(errors, scope_level, ReviewScope.values, "the review", {
        ReviewScope.ORGANISATION: (organisation,
                                   "Enter the ODS code of the organisation the review covers"),
        ReviewScope.SYSTEM: (system, "Choose the integrated care system the review covers"),
    })
    if grid is None:
        errors["grid"] = "Choose the grid people are placed on"
    if held_on is None:
        errors["held_on"] = "Enter the date of the review"
    facilitator_user = user
    if facilitator and facilitator.strip():
        found = _users(errors, "facilitator", [facilitator])
        facilitator_user = found[0] if found else user
    people = _users(errors, "participants", participants)
    if errors:
        raise ValidationError(errors)
    if scope_level == ReviewScope.ORGANISATION:
        system = None
    else:
        organisation = None
    if not policy.may_run_review_at(user, scope_level, getattr(organisation, "pk", None),
                                    getattr(system, "pk", None)):
        where = organisation.display_name if organisation else system.short_name
        raise PermissionDenied(
            f"Only a talent lead for {where} can run a talent review there "
            "(organisation talent leads for their organisation, system talent leads for "
            "their system).")
    review = TalentReview.objects.create(
        name=name, scope_level=scope_level, organisation=organisation, system=system, grid=grid,
        held_on=held_on, facilitator=facilitator_user, created_by=user,
    )
    if people:
        review.participants.set(people)
    record(actor=user, action=AuditAction.CREATE, target=review, request=request,
           detail={"scope_level": scope_level, "participants": sorted(u.pk for u in people)})
    return review


def _locked_for_update(review: TalentReview) -> TalentReview:
    """Re-read the review with a row lock and refuse if it is locked."""
    current = (TalentReview.objects.select_for_update(of=("self",))
               .select_related("grid", "locked_by", "organisation", "system")
               .get(pk=review.pk))
    if current.status == ReviewStatus.LOCKED:
        raise ReviewLocked(current)
    return current


def _to_calibrate(user, review: TalentReview, refusal: str) -> TalentReview:
    """The review, locked for this transaction, if the user may calibrate it (else 403 with
    ``refusal``)."""
    review = _locked_for_update(review)
    if not policy.can_calibrate(user, review):
        raise PermissionDenied(refusal)
    return review


def _cell(errors: dict, name: str, review: TalentReview, cell_id) -> GridCell | None:
    cell = GridCell.objects.filter(pk=cell_id).first() if str(cell_id).isdigit() else None
    if cell is None or cell.grid_id != review.grid_id:
        errors[name] = (f'"{cell_id}" is not a cell of the grid "{review.grid.name}" that this '
                        "review uses")
        return None
    return cell


def _person_for(user, review: TalentReview, person_id, errors: dict) -> Person | None:
    person = (Person.objects.visible_to(user).select_related("organisation")
              .filter(pk=person_id).first() if str(person_id).isdigit() else None)
    if person is None:
        errors["person"] = f'There is no person with id "{person_id}" that you may place'
        return None
    if person.organisation_id not in policy.review_organisation_ids(review):
        errors["person"] = (f"{person.full_name} is employed by "
                            f"{person.organisation.display_name}, which is outside this "
                            f"review's scope ({scope_label(review)})")
        return None
    return person


@transaction.atomic
def place_person(user, review: TalentReview, *, person_id, cell_id, readiness_id,
                 rationale: str, request=None) -> ReviewPlacement:
    """Place a person in a cell with readiness and rationale, or change their placement.

    While the review is in draft, a change of cell changes the proposal; once calibration has
    started, a cell changes only by a recorded move (`move_placement`)."""
    review = _locked_for_update(review)
    errors: dict[str, str] = {}
    person = _person_for(user, review, person_id, errors)
    cell = _cell(errors, "cell", review, cell_id)
    readiness = (ReadinessLevel.objects.filter(pk=readiness_id, is_active=True).first()
                 if str(readiness_id).isdigit() else None)
    if readiness is None:
        errors["readiness"] = (f'Choose readiness from the list ("{readiness_id or ""}" is not '
                               "one of the options)")
    rationale = _text(errors, "rationale", rationale, "the rationale for this placement")
    if errors:
        raise ValidationError(errors)
    if not policy.can_place(user, review, person):
        raise PermissionDenied(
            f"You may not place {person.full_name} in this review: only the review's talent "
            "leads, or their line manager, may.")
    placement = ReviewPlacement.unscoped.filter(review=review, person=person).first()
    if placement is None:
        placement = ReviewPlacement.objects.create(
            review=review, person=person, cell=cell, proposed_cell=cell, proposed_by=user,
            readiness=readiness, rationale=rationale)
        action = AuditAction.CREATE
    else:
        if cell.pk != placement.cell_id and review.status != ReviewStatus.DRAFT:
            raise ValidationError({"cell": (
                f"{person.full_name} is already placed in \u201c{placement.cell.label}\u201d. "
                "During calibration, move them with a reason instead.")})
        if cell.pk != placement.cell_id:
            placement.cell = placement.proposed_cell = cell
            placement.proposed_by = user
        placement.readiness, placement.rationale = readiness, rationale
        placement.save()
        action = AuditAction.UPDATE
    record(actor=user, action=action, target=placement, request=request,
           detail={"review": review.pk, "person": person.pk, "cell": cell.label})
    return placement


@transaction.atomic
def start_calibration(user, review: TalentReview, *, request=None) -> TalentReview:
    review = _to_calibrate(user, review, "Only the review's talent leads may start calibration.")
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError({"status": "Calibration has already started"})
    if not review.placements.exists():
        raise ValidationError({"status": "Place at least one person before calibrating"})
    review.status = ReviewStatus.CALIBRATING
    review.save(update_fields=["status"])
    record(actor=user, action=AuditAction.UPDATE, target=review, request=request,
           detail={"status": review.status})
    return review


def _record_moves(user, review: TalentReview, placements: Sequence[ReviewPlacement],
                  to_cell: GridCell, reason: str, request) -> list[PlacementMove]:
    """Move each placement to ``to_cell``: a PlacementMove and an audit event each, all with
    the same reason."""
    moves = PlacementMove.objects.bulk_create([
        PlacementMove(placement=p, from_cell=p.cell, to_cell=to_cell, moved_by=user,
                      reason=reason) for p in placements])
    now = timezone.now()
    for placement in placements:
        placement.cell, placement.updated_at = to_cell, now
    ReviewPlacement.unscoped.bulk_update(placements, ["cell", "updated_at"])
    for move, placement in zip(moves, placements, strict=True):
        record(actor=user, action=AuditAction.UPDATE, target=placement, request=request,
               reason=reason, detail={"review": review.pk, "from": move.from_cell.label,
                                      "to": to_cell.label})
    return moves


def _check_move(errors: dict, review: TalentReview, placements: Sequence[ReviewPlacement],
                to_cell: GridCell | None) -> None:
    if to_cell is not None:
        already = [p.person.full_name for p in placements if p.cell_id == to_cell.pk]
        if already:
            who = ", ".join(already)
            verb = "is" if len(already) == 1 else "are"
            errors["to_cell"] = (f"{who} {verb} already in \u201c{to_cell.label}\u201d: "
                                 "choose another cell")
    if review.status == ReviewStatus.DRAFT and not errors:
        errors["status"] = "Start calibration before moving people"


@transaction.atomic
def move_placement(user, review: TalentReview, *, placement_id, to_cell_id, reason: str,
                   request=None) -> PlacementMove:
    """A calibration move: who, when, from where to where and why (a reason is required)."""
    review = _to_calibrate(user, review,
                           "Only the review's talent leads may move people in calibration.")
    errors: dict[str, str] = {}
    placement = (visible_placements(user, review).filter(pk=placement_id).first()
                 if str(placement_id).isdigit() else None)
    if placement is None:
        raise Http404("No such placement in this review")
    to_cell = _cell(errors, "to_cell", review, to_cell_id)
    reason = _text(errors, "reason", reason, "the reason for this move")
    _check_move(errors, review, [placement], to_cell)
    if errors:
        raise ValidationError(errors)
    return _record_moves(user, review, [placement], to_cell, reason, request)[0]


def _chosen_placements(user, review: TalentReview, errors: dict, placement_ids
                       ) -> list[ReviewPlacement]:
    wanted = list(dict.fromkeys(str(v).strip() for v in placement_ids or ()))
    if not wanted:
        errors["placements"] = "Select the people to move"
        return []
    if len(wanted) > MOVE_MANY_MAX:
        errors["placements"] = (f"Select {MOVE_MANY_MAX} people or fewer to move at once "
                                f"(you selected {len(wanted)})")
        return []
    found = {str(p.pk): p for p in visible_placements(user, review).filter(
        pk__in=[v for v in wanted if v.isdigit()])}
    unknown = [v for v in wanted if v not in found]
    if unknown:
        errors["placements"] = ("There is no placement in this review that you can see with "
                                "id " + ", ".join(f'"{v}"' for v in unknown))
    return [found[v] for v in wanted if v in found]


@transaction.atomic
def move_placements(user, review: TalentReview, *, placement_ids: Iterable, to_cell_id,
                    reason: str, request=None) -> list[PlacementMove]:
    """Move several people to one cell with one reason, all or none: any bad input (a
    placement that is not in the review or not visible, someone already in that cell, no
    reason) moves nobody. Each move is recorded and audited with the reason, as one by one."""
    review = _to_calibrate(user, review,
                           "Only the review's talent leads may move people in calibration.")
    errors: dict[str, str] = {}
    placements = _chosen_placements(user, review, errors, placement_ids)
    to_cell = _cell(errors, "to_cell", review, to_cell_id)
    reason = _text(errors, "reason", reason, "the reason for these moves")
    _check_move(errors, review, placements, to_cell)
    if errors:
        raise ValidationError(errors)
    return _record_moves(user, review, placements, to_cell, reason, request)


@transaction.atomic
def lock_review(user, review: TalentReview, *, request=None) -> TalentReview:
    review = _to_calibrate(user, review, "Only the review's talent leads may lock it.")
    if review.status != ReviewStatus.CALIBRATING:
        raise ValidationError({"status": "Calibrate the review before locking it"})
    review.status = ReviewStatus.LOCKED
    review.locked_at, review.locked_by = timezone.now(), user
    review.save(update_fields=["status", "locked_at", "locked_by"])
    record(actor=user, action=AuditAction.UPDATE, target=review, request=request,
           detail={"status": review.status})
    return review


# --------------------------------------------------------------------------------------
# A person's placements over time
# --------------------------------------------------------------------------------------


def placement_history(user, person: Person, *, request=None) -> list[ReviewPlacement]:
    """All of a person's placements across reviews, newest first (the person themselves and
    whoever may see their profile)."""
    if not policy.can_see_placement_history(user, person):
        raise PermissionDenied("You may not see this person's placements.")
    record(actor=user, action=AuditAction.VIEW, target=person, request=request,
           detail={"what": "placement history"})
    return list(
        ReviewPlacement.unscoped.filter(person=person)
        .select_related("review__organisation", "review__system", "review__grid", "cell",
                        "proposed_cell", "readiness")
        .prefetch_related("moves")
        .order_by("-review__held_on", "-review__pk")
    )
