"""Talent review pages: the list, starting a review, placing people, the calibration page
(grid, distribution against the guide, rater leniency, every person with a move form, the moves
made), starting calibration, locking, exports, and a person's placement history.

Everything works without JavaScript: each move is a small POST form (a select of cells and a
reason). Views are thin: services do the work and ask the policy; a review the user may not
view is a 404; a locked review refuses every change with a message saying so.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.forms import add_service_errors
from talentbridge.core.views import carry_out, download, save_form
from talentbridge.people import services as people_services
from talentbridge.talent.models.reviews import ReviewStatus
from talentbridge.talent.reviews import exports, presenters, services
from talentbridge.talent.reviews.forms import (
    MoveForm,
    PlacementForm,
    ReviewForm,
    review_scope_choices,
)


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


@login_required
@require_http_methods(["GET"])
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = services.reviews_for(request.user)
    return render(request, "talent/reviews/list.jinja", {
        "rows": presenters.review_rows(reviews),
        "can_create": bool(review_scope_choices(request.user)),
        "has_profile": people_services.my_person(request.user) is not None,  # own placements
    })


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest) -> HttpResponse:
    if not review_scope_choices(request.user):
        raise PermissionDenied("Only organisation and system talent leads run talent reviews.")
    form = ReviewForm(request.POST if request.method == "POST" else None, user=request.user)
    if saved := save_form(request, form, lambda _: services.create_review(
            request.user, **form.service_values(), request=request),
            lambda review: f"{review.name} has been created. Now place people on the grid."):
        return redirect("talent:review", saved.value.pk)
    return render(request, "talent/reviews/create.jinja", {"form": form})


@login_required
@require_http_methods(["GET"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    board = services.board(request.user, review)
    record_read(actor=request.user, request=request, target=review,
                people=[p["person_id"] for p in board.placements])
    rows = presenters.placement_rows(board.placements, board.cells, board.proposers)
    move_prefix = reverse("talent:review", args=[review.pk]) + "placements/"
    return render(request, "talent/reviews/detail.jinja", {
        "review": review,
        "locked": review.status == ReviewStatus.LOCKED,
        "locked_message": services.locked_message(review) if review.is_locked else "",
        "summary": presenters.review_summary(review),
        "status": presenters.tag(review.status, review.get_status_display()),
        "board": board,
        "grid": presenters.grid_rows(review, board.cells, board.distribution),
        "x_values": review.grid.x_values,
        "rows": rows,
        "people_rows": presenters.people_table_body(
            rows, presenters.cell_options(board.cells), csrf_token=get_token(request),
            move_prefix=move_prefix, can_move=board.can_calibrate),
        "leniency": presenters.leniency_rows(board.leniency, board.proposers),
        "moves": presenters.move_rows(board.moves),
        "is_draft": review.status == ReviewStatus.DRAFT,
        "runs": services.policy.runs_review(request.user, review),
    })


@login_required
@require_http_methods(["GET", "POST"])
def review_place(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if review.is_locked:
        messages.error(request, services.locked_message(review))
        return redirect("talent:review", review.pk)
    people = list(services.placeable_people(request.user, review))
    form = PlacementForm(request.POST if request.method == "POST" else None, review=review,
                         people=people)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.place_person(
                request.user, review, person_id=data["person"], cell_id=data["cell"],
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
    record_read(actor=request.user, request=request, target=review, people=people,
                what="people who may be placed")
    return render(request, "talent/reviews/place.jinja", {
        "review": review, "form": form, "has_people": bool(people),
    })


@login_required
@require_http_methods(["GET", "POST"])
def placement_move(request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
    review = _review(request, pk)
    placement = services.visible_placements(request.user, review).filter(pk=placement_pk).first()
    if placement is None:
        raise Http404("No such placement in this review")
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
def my_placement_history(request: HttpRequest) -> HttpResponse:
    person = people_services.my_person(request.user)
    if person is None:
        raise Http404("You have no talent profile")
    return placement_history(request, person.pk)
