"""Talent pool pages: the list, creating a pool, a pool (purpose, criteria, composition as
suppressed aggregates, members and pending nominations for its managers), nominating,
deciding, withdrawing, exits, opening and closing, exports, and "my nominations".

Thin views over `pool_services`, which asks the policy and writes the audit trail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_change
from talentbridge.core.paging import paginate
from talentbridge.core.pickers import listed
from talentbridge.core.views import form_status
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.people.picker_views import people_for_record
from talentbridge.people.pickers import person_source
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.reviews import exports
from talentbridge.talent.reviews import policy
from talentbridge.talent.reviews import pool_services as services
from talentbridge.talent.reviews import presenters
from talentbridge.talent.reviews.forms import DecisionForm
from talentbridge.talent.reviews.forms import ExitForm
from talentbridge.talent.reviews.forms import NominationForm
from talentbridge.talent.reviews.forms import PoolForm
from talentbridge.talent.reviews.forms import StatusForm
from talentbridge.talent.reviews.forms import pool_scope_choices
from talentbridge.talent.reviews.views import PAGE_SIZE
from talentbridge.talent.reviews.views import export_file
from talentbridge.talent.reviews.views import list_page


@login_required
@require_http_methods(["GET"])
def pool_list(request: HttpRequest) -> HttpResponse:
    return list_page(request, "talent/pools/list.jinja", services.pools_for(request.user),
                     "pool", "pools", lambda pools: presenters.pool_rows(
                         services.with_member_counts(request.user, pools)),
                     can_create=bool(pool_scope_choices(request.user)))


@login_required
@require_http_methods(["GET", "POST"])
@only_for(pool_scope_choices, "Only talent leads create talent pools.")
def pool_create(request: HttpRequest) -> HttpResponse:
    form = PoolForm(request.POST if request.method == "POST" else None, user=request.user)
    if saved := save_form(request, form, lambda _: services.create_pool(
            request.user, **form.service_values(), request=request),
            lambda pool: f"{pool.name} has been created"):
        return redirect("talent:pool", saved.value.pk)
    return render(request, "talent/pools/create.jinja", {"form": form})


@login_required
@require_http_methods(["GET"])
def pool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pool = services.get_pool(user, pk)
    manages = policy.manages_pool(user, pool)
    composition = (presenters.composition_tables(services.composition(user, pool,
                                                                      request=request))
                   if policy.can_view_composition(user, pool) else None)
    members = (paginate(request, services.current_members(user, pool, request=request),
                        PAGE_SIZE, "member", "members", param="members_page")
               if manages else None)
    pending = paginate(request, services.pending_nominations(user, pool), PAGE_SIZE,
                       "nomination", "nominations", param="nominations_page")
    if pending:
        record_read(actor=user, request=request, target=pool, people=pending,
                    what="nominations")
    return render(request, "talent/pools/detail.jinja", {
        "pool": pool,
        "status": presenters.tag(pool.status, pool.get_status_display()),
        "summary": presenters.pool_summary(pool),
        "composition": composition,
        "manages": manages,
        "members": members,
        "member_rows": presenters.member_rows(members or []),
        "pending": pending,
        "pending_rows": presenters.nomination_rows(pending),
        "can_nominate": services.nominable_people(user, pool).exists()
        and (pool.status == "open" or manages),
        "can_export": policy.can_export_pool(user, pool),
        "status_form": StatusForm(initial={"status": pool.status}) if manages else None,
    })


def _nominable(request: HttpRequest, pool):
    """The picker over the people this user may nominate to the pool (the service decides)."""
    return person_source(services.nominable_people(request.user, pool),
                         url=reverse("talent:pool-nominate-people", args=[pool.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def pool_nominate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    pool = services.get_pool(user, pk)
    you = policy.roles_for(user).person_id
    form = NominationForm(request.POST if request.method == "POST" else None,
                          people=_nominable(request, pool))

    def nominated(nomination) -> str:
        who = ("You have" if nomination.person_id == you
               else f"{nomination.person.full_name} has")
        return f"{who} been nominated to {pool.name}. A talent lead will decide."

    if save_form(request, form, lambda data: services.nominate(
            user, pool, person_id=data["person"].pk, statement=data["statement"],
            request=request), nominated):
        return redirect("talent:pool", pool.pk)
    if shown := listed(form, "person"):
        record_read(actor=user, request=request, target=pool, people=shown,
                    what="people who may be nominated")
    return render(request, "talent/pools/nominate.jinja", {
        "pool": pool, "form": form, "closed": pool.status == "closed",
    }, status=form_status(form))


#: The nomination picker's suggestions: people this user may nominate to the pool.
pool_nominate_people = people_for_record(
    lambda request, pk: services.get_pool(request.user, pk), _nominable,
    "people who may be nominated")


@login_required
@require_http_methods(["GET", "POST"])
def nomination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = services.get_nomination(request.user, pk)
    if not policy.can_decide(request.user, nomination):
        raise PermissionDenied("Only the pool's managers may decide nominations.")
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda data: services.decide(
            request.user, nomination, approve=data["decision"] == "approve",
            reason=data["reason"], request=request),
            lambda decided: f"{decided.person.full_name}'s nomination has been "
                            f"{decided.get_status_display().lower()}"):
        return redirect("talent:pool", nomination.pool_id)
    record_read(actor=request.user, request=request, target=nomination, people=[nomination])
    return render(request, "talent/pools/decide.jinja", {
        "nomination": nomination, "form": form,
        "row": presenters.nomination_rows([nomination])[0],
    })


def _confirm_withdraw(request: HttpRequest, nomination: PoolNomination) -> Confirmation:
    if not policy.can_withdraw(request.user, nomination):
        raise PermissionDenied("Only the nominee or whoever nominated them may withdraw it.")
    record_read(actor=request.user, request=request, target=nomination, people=[nomination])
    whose = ("your nomination" if nomination.person.user_id == request.user.pk
             else f"the nomination of {nomination.person.full_name}")
    return Confirmation(
        question=f"withdraw {whose} to {nomination.pool.name}",
        button="Withdraw the nomination", caption=nomination.pool.name,
        back_href=reverse("talent:my-nominations"),
        details=["The pool's talent leads will no longer decide on it."],
        cannot_undo="This cannot be undone: a new nomination would be needed.")


nomination_withdraw = confirmed_change(
    _confirm_withdraw, find=services.get_nomination, change=services.withdraw,
    success=lambda nomination: f"The nomination to {nomination.pool.name} has been withdrawn",
    done="talent:my-nominations")


@login_required
@require_http_methods(["GET", "POST"])
def membership_exit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = services.get_membership(request.user, pk)
    form = ExitForm(request.POST if request.method == "POST" else None)
    if save_form(request, form, lambda data: services.exit_member(
            request.user, membership, reason=data["reason"], exited_on=data["exited_on"],
            request=request), f"{membership.person.full_name} has left {membership.pool.name}"):
        return redirect("talent:pool", membership.pool_id)
    record_read(actor=request.user, request=request, target=membership, people=[membership])
    return render(request, "talent/pools/exit.jinja", {"membership": membership, "form": form})


@login_required
@require_http_methods(["POST"])
def pool_status(request: HttpRequest, pk: int) -> HttpResponse:
    pool = services.get_pool(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_pool_status(request.user, pool, form.cleaned_data["status"],
                                 request=request)
        messages.success(request, f"{pool.name} is now "
                                  f"{pool.get_status_display().lower()}")
    else:
        messages.error(request, "Choose whether the pool is open or closed to nominations")
    return redirect("talent:pool", pool.pk)


@login_required
@require_http_methods(["GET"])
def pool_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return export_file(request, exports.export_pool, services.get_pool(request.user, pk), fmt)


@login_required
@require_http_methods(["GET"])
def my_nominations(request: HttpRequest) -> HttpResponse:
    nominations = paginate(request, services.my_nominations(request.user), PAGE_SIZE,
                           "nomination", "nominations", param="nominations_page")
    memberships = paginate(request, services.my_memberships(request.user), PAGE_SIZE,
                           "pool", "pools", param="pools_page")
    record_read(actor=request.user, request=request, target_type="talent.poolnomination",
                people=list(nominations), what="my nominations")
    return render(request, "talent/pools/mine.jinja", {
        "nominations": nominations,
        "nomination_rows": presenters.nomination_rows(nominations, show_pool=True),
        "memberships": memberships,
        "membership_rows": [
            {"pool": m.pool.name, "href": reverse("talent:pool", args=[m.pool_id]),
             "joined": presenters.nhs_date(m.joined_on),
             "review_on": presenters.nhs_date(m.review_on),
             "exited": presenters.nhs_date(m.exited_on), "reason": m.exit_reason}
            for m in memberships
        ],
    })
