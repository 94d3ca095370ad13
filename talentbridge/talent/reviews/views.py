"""Talent review pages: the list, starting a review, placing people, the calibration page
(grid, distribution against the guide, rater leniency, every person with a move form, the moves
made), starting calibration, locking, exports, and a person's placement history.

Everything works without JavaScript: the calibration page filters and pages its list of
people (GET), and moves the people ticked to one cell with one reason (POST); each person also
has a page to move them alone. Views are thin: services do the work and ask the policy; a
review the user may not view is a 404; a locked review refuses every change with a message
saying so.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.pickers import user_source
from talentbridge.audit.services import record_read
from talentbridge.core.forms import add_service_errors
from talentbridge.core.paging import page_links
from talentbridge.core.paging import paginate
from talentbridge.core.paging import results_text
from talentbridge.core.pickers import adding
from talentbridge.core.pickers import listed
from talentbridge.core.pickers import picker_json
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import found_or_404
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.people import services as people_services
from talentbridge.people.models import Person
from talentbridge.people.picker_views import people_for_record
from talentbridge.people.pickers import person_source
from talentbridge.people.views import for_my_person
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import exports
from talentbridge.talent.reviews import presenters
from talentbridge.talent.reviews import services
from talentbridge.talent.reviews.forms import CalibrationFilterForm
from talentbridge.talent.reviews.forms import MoveForm
from talentbridge.talent.reviews.forms import MoveManyForm
from talentbridge.talent.reviews.forms import PlacementForm
from talentbridge.talent.reviews.forms import ReviewForm
from talentbridge.talent.reviews.forms import review_scope_choices

#: Rows a page on the lists of reviews and pools.
PAGE_SIZE = 25
#: People listed on one page of the calibration page (filter to find the rest).
PEOPLE_PER_PAGE = 50
#: Calibration moves listed on one page, newest first.
MOVES_PER_PAGE = 50


def _review(request: HttpRequest, pk: int, *, audit: bool = False):
    return services.get_review(request.user, pk, request=request, audit=audit)


def export_file(request: HttpRequest, make_export, target, fmt: str) -> HttpResponse:
    """A review's or a pool's export (``make_export``) in the format asked for; an unknown
    format is "not found"."""
    try:
        export = make_export(request.user, target, fmt, request=request)
    except ValidationError:
        raise Http404("No such export format") from None
    return download(export.content, export.content_type, export.filename)


def _refused(request: HttpRequest, error: ValidationError, review) -> HttpResponse:
    for message in error.messages:
        messages.error(request, message)
    return redirect("talent:review", review.pk)


def list_page(request: HttpRequest, template: str, found, noun: str, plural: str, rows,
              *, can_create: bool, **context) -> HttpResponse:
    """The list of reviews or of pools: a page of ``found`` (the ``noun`` and ``plural`` they
    are counted in, and the page's name in the template), their table ``rows(page)``, and
    whether the user may create one."""
    page = paginate(request, found, PAGE_SIZE, noun, plural)
    return render(request, template, {plural: page, "rows": rows(page), "can_create": can_create,
                                      **context})


@login_required
@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    return list_page(request, "talent/reviews/list.jinja", services.reviews_for(request.user),
                     "review", "reviews", presenters.review_rows,
                     can_create=bool(review_scope_choices(request.user)),
                     # a link to the user's own placements, for those with a profile
                     has_profile=people_services.my_person(request.user) is not None)


@login_required
@require_http_methods(["GET", "POST"])
@only_for(review_scope_choices, "Only organisation and system talent leads run talent reviews.")
def review_create(request: HttpRequest) -> HttpResponse:
    form = ReviewForm(request.POST if request.method == "POST" else None, user=request.user,
                      users=user_source(url=reverse("talent:review-users")))
    if not adding(form) and (saved := save_form(request, form, lambda _: services.create_review(
            request.user, **form.service_values(), request=request),
            lambda review: f"{review.name} has been created. Now place people on the grid.")):
        return redirect("talent:review", saved.value.pk)
    return render(request, "talent/reviews/create.jinja", {"form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET"])
@only_for(review_scope_choices, "Only organisation and system talent leads run talent reviews.")
def review_users(request: HttpRequest) -> HttpResponse:
    """The facilitator and participant pickers' suggestions, for those who run reviews."""
    return picker_json(request, user_source())


def _filter_form(request: HttpRequest, review) -> CalibrationFilterForm:
    return CalibrationFilterForm(request.GET or None, review=review,
                                 organisations=services.review_organisations(review))


def _people_page(request: HttpRequest, review, board, filter_form, move_form) -> dict:
    """The page of people the filters leave (with its paging), and the read recorded."""
    placements = services.filtered_placements(request.user, review, filter_form.filters())
    page = Paginator(services.placement_values(placements), PEOPLE_PER_PAGE).get_page(
        request.GET.get("page"))
    values = list(page.object_list)
    record_read(actor=request.user, request=request, target=review,
                people=[p["person_id"] for p in values])
    rows = presenters.placement_rows(values, board.cells, board.proposers)
    return {
        "rows": rows,
        "people_rows": presenters.people_table_body(
            rows, move_prefix=reverse("talent:review", args=[review.pk]) + "placements/",
            can_move=board.can_calibrate, chosen=move_form.chosen()),
        "results_text": results_text(page),
        "pagination": page_links(page, filter_form.query()),
        "filtered": bool(filter_form.query()),
    }


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The calibration page: the grid, the managers' comparison, a page of the people the
    filters leave with the bulk move form, and the moves made. POST moves the people ticked."""
    review = _review(request, pk)
    filter_form = _filter_form(request, review)
    move_form = MoveManyForm(request.POST if request.method == "POST" else None, review=review)
    if save_form(request, move_form, lambda data: services.move_placements(
            request.user, review, placement_ids=data["placements"], to_cell_id=data["to_cell"],
            reason=data["reason"], request=request), presenters.moved_text):
        return redirect(request.get_full_path() + "#people")
    board = services.board(request.user, review)
    return render(request, "talent/reviews/detail.jinja", {
        "review": review,
        "locked": review.status == ReviewStatus.LOCKED,
        "locked_message": services.locked_message(review) if review.is_locked else "",
        "summary": presenters.review_summary(review),
        "status": presenters.tag(review.status, review.get_status_display()),
        "board": board,
        "grid": presenters.grid_rows(review, board.cells, board.distribution, board.names),
        "x_values": review.grid.x_values,
        "leniency": presenters.leniency_rows(board.leniency, board.proposers),
        "moves": (moves := paginate(request, board.moves, MOVES_PER_PAGE, "move", "moves",
                                   param="moves_page")),
        "move_rows": presenters.move_rows(moves),
        "is_draft": review.status == ReviewStatus.DRAFT,
        "runs": services.policy.runs_review(request.user, review),
        "filter_form": filter_form, "move_form": move_form,
        "form": move_form if move_form.is_bound else filter_form,
        **_people_page(request, review, board, filter_form, move_form),
    }, status=form_status(move_form))


@login_required
@require_http_methods(["GET", "POST"])
def review_place(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if review.is_locked:
        messages.error(request, services.locked_message(review))
        return redirect("talent:review", review.pk)
    form = PlacementForm(request.POST if request.method == "POST" else None, review=review,
                         people=_placeable(request, review))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.place_person(
                request.user, review, person_id=data["person"].pk, cell_id=data["cell"],
                readiness_id=data["readiness"], rationale=data["rationale"], request=request)
        except services.ReviewLocked as error:
            return _refused(request, error, review)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{placement.person.full_name} has been placed in "
                                      f"\u201c{placement.cell.label}\u201d")
            if "another" in request.POST:
                return redirect("talent:review-place", review.pk)
            return redirect("talent:review", review.pk)
    if shown := listed(form, "person"):
        record_read(actor=request.user, request=request, target=review, people=shown,
                    what="people who may be placed")
    return render(request, "talent/reviews/place.jinja", {
        "review": review, "form": form,
        "has_people": services.placeable_people(request.user, review).exists(),
    }, status=form_status(form))


def _placeable(request: HttpRequest, review):
    """The picker over the people this user may place in the review (the service decides)."""
    return person_source(services.placeable_people(request.user, review),
                         url=reverse("talent:review-place-people", args=[review.pk]))


#: The placement picker's suggestions: people this user may place in the review.
review_place_people = people_for_record(_review, _placeable, "people who may be placed")


@login_required
@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    review = _review(request, pk)
    placement = found_or_404(services.visible_placements(request.user, review)
                             .filter(pk=placement_pk).first(), "No such placement in this review")
    form = MoveForm(request.POST if request.method == "POST" else None, review=review,
                    initial={"to_cell": str(placement.cell_id)})
    if review.is_locked:
        if form.is_bound:
            form.is_valid()
            form.add_error(None, services.locked_message(review))
    elif form.is_bound and form.is_valid():
        try:
            services.move_placement(request.user, review, placement_id=placement.pk,
                                    to_cell_id=form.cleaned_data["to_cell"],
                                    reason=form.cleaned_data["reason"], request=request)
        except services.ReviewLocked as error:
            form.add_error(None, error.messages[0])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            placement.refresh_from_db()
            messages.success(request, f"{placement.person.full_name} has been moved to "
                                      f"\u201c{placement.cell.label}\u201d")
            return redirect(reverse("talent:review", args=[review.pk])
                            + f"#placement-{placement.pk}")
    status = 400 if form.is_bound and form.errors else 200
    record_read(actor=request.user, request=request, target=placement, people=[placement],
                detail={"review": review.pk})
    return render(request, "talent/reviews/move.jinja", {
        "review": review, "placement": placement, "form": form,
        "locked_message": services.locked_message(review) if review.is_locked else "",
    }, status=status)


@login_required
@require_http_methods(["POST"])
def review_start_calibration(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    carry_out(request, lambda: services.start_calibration(request.user, review, request=request),
              "Calibration has started: move people with a reason, then lock the review")
    return redirect("talent:review", review.pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_lock(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if request.method == "POST":
        carry_out(request, lambda: services.lock_review(request.user, review, request=request),
                  f"{review.name} is locked. Nobody can change it now.")
        return redirect("talent:review", review.pk)
    if review.is_locked:
        messages.error(request, services.locked_message(review))
        return redirect("talent:review", review.pk)
    if not services.policy.can_calibrate(request.user, review):
        raise PermissionDenied("Only the review's talent leads may lock it.")
    return render(request, "talent/reviews/lock.jinja", {"review": review})


@login_required
@require_http_methods(["GET"])
def review_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return export_file(request, exports.export_review, _review(request, pk), fmt)


@login_required
@require_http_methods(["GET"])
def placement_history(request: HttpRequest, person_pk: int) -> HttpResponse:
    try:
        person = people_services.get_person(request.user, person_pk, request=request)
        placements = services.placement_history(request.user, person, request=request)
    except (people_services.PersonNotFound, PermissionDenied):
        raise Http404("No such person") from None
    return render(request, "talent/reviews/history.jinja", {
        "person": person,
        "is_self": person.user_id == request.user.pk,
        "rows": presenters.history_rows(placements, request.user),
    })


@login_required
@require_http_methods(["GET"])
@for_my_person()
def my_placement_history(request: HttpRequest, person: Person) -> HttpResponse:
    return placement_history(request, person.pk)
