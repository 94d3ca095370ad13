"""Organisation and integrated care system pages.

Organisations and systems are public reference data. People appear here only through
talentbridge.people.services.search_people (the access policy), and as counts of leaders by
band: exact for administrators, otherwise through the disclosure rule (services).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.services import is_administrator
from talentbridge.accounts.services import require_administrator
from talentbridge.audit.services import record_read
from talentbridge.core.paging import page_links
from talentbridge.core.paging import paginate
from talentbridge.core.paging import results_text
from talentbridge.people import services as people_services
from talentbridge.people.presenters import person_rows

from . import presenters
from . import services
from .forms import OrganisationFilterForm
from .forms import OrganisationKindForm
from .models import IntegratedCareSystem
from .models import Organisation
from .models import OrganisationMembership

PAGE_SIZE = 50
#: How many visible leaders an organisation or system page lists before linking to the search.
LEADERS_SHOWN = 50


def _with_current_membership(organisations, today):
    return organisations.prefetch_related(Prefetch(
        "memberships", to_attr="current_memberships",
        queryset=OrganisationMembership.objects.on(today).select_related("system", "region"),
    ))


def _visible_leaders(request: HttpRequest, search) -> dict:
    leaders = people_services.search_people(request.user, search, request=request)
    # capped: the page says how many there are and links to the search for all of them
    shown = list(leaders[:LEADERS_SHOWN])
    record_read(actor=request.user, request=request, target_type="people.person", people=shown,
                what="leaders listed")
    # counted every time, not only when the list is full, so the page runs as many queries
    # for a few leaders as for many
    total = leaders.count()
    return {"leader_rows": person_rows(shown), "leaders_total": total}


def _band_counts(request: HttpRequest, organisation_ids) -> dict:
    counts, exact = services.leader_counts_by_band(request.user, organisation_ids)
    return {"band_counts": counts, "band_counts_exact": exact}


def _organisation_page(request: HttpRequest, org: Organisation, kind_form) -> HttpResponse:
    today = timezone.localdate()
    memberships = org.memberships.select_related("organisation", "system", "region")
    current = next((m for m in memberships if m.valid_from <= today
                    and (m.valid_to is None or m.valid_to >= today)), None)
    return render(request, "organisations/detail.jinja", {
        "organisation": org,
        "summary_rows": presenters.organisation_summary(org, current, today),
        "memberships": presenters.membership_rows(memberships, today),
        **_band_counts(request, [org.pk]),
        "form": kind_form,
        "can_correct_kind": is_administrator(request.user),
        **_visible_leaders(request, people_services.PeopleSearch(organisation_id=org.pk)),
    })


@login_required
@require_http_methods(["GET"])
def organisation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = OrganisationFilterForm(request.GET)
    organisations = Organisation.objects.none()
    if form.is_valid():
        organisations = _with_current_membership(form.apply(Organisation.objects.all()), today)
    page = Paginator(organisations.order_by("name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "organisations/list.jinja", {
        "form": form,
        "rows": presenters.organisation_rows(page, today),
        "results_text": results_text(page, "organisation", "organisations"),
        "pagination": page_links(page, form.data.dict()),
    })


@login_required
@require_http_methods(["GET"])
def organisation_detail(request: HttpRequest, ods_code: str) -> HttpResponse:
    org = get_object_or_404(Organisation, ods_code=ods_code.upper())
    return _organisation_page(request, org, OrganisationKindForm(initial={"kind": org.kind}))


@login_required
@require_http_methods(["POST"])
def organisation_kind(request: HttpRequest, ods_code: str) -> HttpResponse:
    require_administrator(request.user)
    org = get_object_or_404(Organisation, ods_code=ods_code.upper())
    form = OrganisationKindForm(request.POST)
    if not form.is_valid():
        return _organisation_page(request, org, form)
    before = org.kind, org.kind_source
    org = services.correct_kind(request.user, org, form.cleaned_data["kind"], request=request)
    if (org.kind, org.kind_source) != before:
        messages.success(request, f"{org.display_name} is now recorded as: "
                                  f"{org.get_kind_display()}")
    return redirect("organisations:detail", org.ods_code)


@login_required
@require_http_methods(["GET"])
def system_list(request: HttpRequest) -> HttpResponse:
    systems = IntegratedCareSystem.objects.select_related("region", "merged_into")
    return render(request, "organisations/systems.jinja", {
        "regions": presenters.systems_by_region(systems, timezone.localdate()),
    })


@login_required
@require_http_methods(["GET"])
def system_detail(request: HttpRequest, code: str) -> HttpResponse:
    today = timezone.localdate()
    system = get_object_or_404(IntegratedCareSystem.objects.select_related(
        "region", "merged_into"), code=code.upper())
    memberships = system.memberships.select_related("organisation", "system", "region") \
        .order_by("organisation__name", "valid_from")
    rows = presenters.membership_rows(memberships, today)
    current_ids = [m.organisation_id for m, row in zip(memberships, rows, strict=True)
                   if row.is_current]
    return render(request, "organisations/system.jinja", {
        "system": system,
        "status": presenters.system_status(system, today),
        "merged_from": system.merged_from.order_by("name"),
        "memberships": paginate(request, rows, PAGE_SIZE, "organisation", "organisations",
                                param="organisations_page"),
        **_band_counts(request, current_ids),
        **_visible_leaders(request, people_services.PeopleSearch(system_id=system.pk)),
    })
