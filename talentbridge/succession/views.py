"""Succession pages: the start page, an organisation's succession chart, a system map, bench
strength with supply against demand, naming and removing successors, setting a post's risk,
and downloads. Thin views over the services, which ask the policy and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from engine.succession.supply import controlled
from talentbridge.accounts.grants import grants_for
from talentbridge.audit.services import record_read
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text
from talentbridge.core.pickers import listed
from talentbridge.core.views import carry_out
from talentbridge.core.views import download
from talentbridge.core.views import form_status
from talentbridge.core.views import only_for
from talentbridge.core.views import save_form
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import Region
from talentbridge.people.picker_views import people_for_record
from talentbridge.people.pickers import person_source
from talentbridge.talent.reviews import policy as pool_policy
from talentbridge.talent.reviews.pool_services import pools_for

from . import chooser
from . import exports
from . import figures
from . import policy
from . import presenters
from . import scopes
from . import services
from .forms import AppointForm
from .forms import HolderLeftForm
from .forms import PostForm
from .forms import RiskForm
from .forms import ScopeForm
from .forms import SuccessorForm

PER_PAGE = 20


def _require_posts(user) -> None:
    if not policy.can_view_posts(user):
        raise PermissionDenied("Only talent leads and administrators see succession plans.")


def _your_scopes(user) -> list[dict]:
    """Links to the charts, maps and figures of the scopes the user leads."""
    grants = grants_for(user)
    links = [{"text": f"Succession chart: {o.display_name}",
              "href": f"organisations/{o.ods_code}/"}
             for o in Organisation.objects.filter(pk__in=grants.lead_organisation_ids)]
    systems = set(grants.lead_system_ids)
    for organisation_id in grants.lead_organisation_ids:
        systems.add(policy.place_of(organisation_id)[0])
    links += [{"text": f"System map: {s.short_name}", "href": f"systems/{s.code}/"}
              for s in IntegratedCareSystem.objects.filter(pk__in=systems)]
    links += [{"text": f"Bench strength: {r.name}", "href": f"bench-strength/?scope={r.code}"}
              for r in Region.objects.filter(pk__in=grants.lead_region_ids)]
    return links


@login_required
@require_GET
@only_for(policy.can_view_bench_strength,
          "Only talent leads, analysts and administrators use succession.")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "succession/home.jinja", {
        "links": _your_scopes(user), "form": ScopeForm(),
        "sees_posts": policy.can_view_posts(user),
    })


def _paged(request, views_of, posts, singular="post", plural="posts"):
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    return page, {
        "rows": [presenters.post_row(v) for v in views_of(list(page.object_list))],
        "results": results_text(page, singular, plural),
        "pagination": page_links(page, {k: v for k, v in request.GET.items() if k != "page"}),
    }


@login_required
@require_GET
def chart(request: HttpRequest, ods: str) -> HttpResponse:
    """An organisation's succession chart: its posts, incumbents, risk and successors by
    readiness."""
    _require_posts(request.user)
    organisation = get_object_or_404(Organisation, ods_code__iexact=ods)
    scope = scopes.resolve(organisation.ods_code)
    _, context = _paged(request, lambda posts: services.post_views(
        request.user, posts, request=request), services.posts_in(scope))
    return render(request, "succession/chart.jinja", {
        "organisation": organisation, **context})


@login_required
@require_GET
def system_map(request: HttpRequest, code: str) -> HttpResponse:
    """Every post in a system, its risk and its cover (an emergency or ready-now successor)."""
    _require_posts(request.user)
    system = get_object_or_404(IntegratedCareSystem, code__iexact=code)
    scope = scopes.resolve(system.code)
    _, context = _paged(request, lambda posts: services.post_views(
        request.user, posts, with_successors=False), services.posts_in(scope))
    total, _ = figures.bench_for(scope)
    return render(request, "succession/system_map.jinja", {
        "system": system, "covered": total.covered, "posts": total.posts, **context})


def _breakdown(scope: scopes.Scope) -> tuple[str, list[dict]]:
    """Bench strength one level down: regions of England, systems of a region,
    organisations of a system; each named as the NHS names it."""
    by = {"england": "region", "region": "system", "system": "organisation"}.get(scope.level)
    if by is None:
        return "", []
    names = {
        "region": lambda: dict(Region.objects.values_list("code", "name")),
        "system": lambda: {s.code: s.short_name for s in IntegratedCareSystem.objects.all()},
        "organisation": lambda: {o.ods_code: o.display_name for o in Organisation.objects.filter(
            pk__in=scope.organisation_ids or ())},
    }[by]()
    return by, [presenters.figures_row(names.get(key, key), bench)
                for key, bench in figures.bench_breakdown(scope, by).items()]


BREAKDOWN_LABELS = {"region": "Region", "system": "Integrated care system",
                    "organisation": "Organisation"}


@login_required
@require_GET
@only_for(policy.can_view_bench_strength,
          "Only talent leads, analysts and administrators see bench strength.")
def bench_strength(request: HttpRequest) -> HttpResponse:
    form = ScopeForm(request.GET or {"scope": "ENGLAND"})
    try:
        scope = scopes.resolve(form.data.get("scope", ""))
    except ValidationError as error:
        form.is_valid()
        form.add_error("scope", error.message_dict["scope"][0])
        return render(request, "succession/bench.jinja", {"form": form, "scope": None},
                      status=400)
    total, by_kind = figures.bench_for(scope)
    by, breakdown = _breakdown(scope)
    organisation_kinds = (figures.bench_breakdown(scope, "organisation_kind")
                          if scope.level in ("england", "region") else {})
    return render(request, "succession/bench.jinja", {
        "form": form, "scope": scope, "total": presenters.figures_row(scope.name, total),
        "kinds": [presenters.figures_row(presenters.KIND_LABELS[k], b)
                  for k, b in by_kind.items()],
        "breakdown_label": BREAKDOWN_LABELS.get(by, ""),
        "breakdown": breakdown,
        "organisation_kinds": [presenters.figures_row(key.replace("_", " ").capitalize(), b)
                               for key, b in organisation_kinds.items()],
        "makeups": [{"characteristic": name, "groups": groups,
                     "rows": [presenters.makeup_row(r) for r in figures.makeup_for(scope, name)]}
                    for name, (_, groups, _) in figures.CHARACTERISTICS.items()],
        "supply": [presenters.supply_row(controlled(r, national=scope.national))
                   for r in figures.supply_demand_for(scope)],
    })


def _owned_post(request, pk: int):
    post = services.get_post(request.user, pk)
    if not policy.owns_plan(request.user, post):
        raise PermissionDenied("Only the organisation's talent leads and administrators change "
                               "its succession plans.")
    return post


def _chart_url(post) -> str:
    return f"/succession/organisations/{post.organisation.ods_code}/#post-{post.pk}"


@login_required
@require_http_methods(["GET", "POST"])
def add_successor(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    post = _owned_post(request, pk)
    search = chooser.SearchForm(request.GET)
    query = search.data.get("q", "")
    people = chooser.found(user, post, query)
    pools = [p for p in pools_for(user) if pool_policy.manages_pool(user, p)]
    form = SuccessorForm(request.POST if request.method == "POST" else None, people=people,
                         pools=pools)
    if save_form(request, form, lambda data: services.add_successor(
            user, post, person_id=data["person"], readiness=data["readiness"],
            emergency_cover=data["emergency_cover"], talent_pool_id=data["talent_pool"] or None,
            notes=data["notes"], request=request),
            lambda s: f"{s.person.full_name} has been added to the succession plan for "
                      f"{post.title}"):
        return redirect(_chart_url(post))
    if people:
        record_read(actor=user, request=request, target=post, people=people,
                    what="people who may be named successors")
    return render(request, "succession/add_successor.jinja", {
        "post": post, "search": search, "query": query, "form": form,
        "searched": bool(query.strip()), "found": len(people),
    }, status=form_status(form))


@login_required
@require_POST
def remove_successor(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    post = _owned_post(request, pk)
    successor = services.successor_in(request.user, post, person_id)
    name = successor.person.full_name
    carry_out(request, lambda: services.remove_successor(request.user, successor,
                                                         request=request),
              f"{name} has been removed from the succession plan for {post.title}")
    return redirect(_chart_url(post))


@login_required
@require_http_methods(["GET", "POST"])
def set_risk(request: HttpRequest, pk: int) -> HttpResponse:
    post = _owned_post(request, pk)
    form = RiskForm(request.POST if request.method == "POST" else None,
                    initial={"risk": post.risk_override, "reason": post.risk_override_reason})
    if save_form(request, form, lambda data: services.override_risk(
            request.user, post, risk=data["risk"], reason=data["reason"], request=request),
            f"The vacancy risk of {post.title} has been saved"):
        return redirect(_chart_url(post))
    return render(request, "succession/risk.jinja", {
        "post": post, "form": form, "derived": services.derived_risk_of(post),
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def edit_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = _owned_post(request, pk)
    form = PostForm(request.POST if request.method == "POST" else None, initial={
        "interim": post.interim, "started_on": post.started_on,
        "expected_vacancy_on": post.expected_vacancy_on, "vacancy_reason": post.vacancy_reason})
    if save_form(request, form, lambda data: services.update_post(
            request.user, post, interim=data["interim"], started_on=data["started_on"],
            expected_vacancy_on=data["expected_vacancy_on"],
            vacancy_reason=data["vacancy_reason"], request=request),
            f"The details of {post.title} have been saved"):
        return redirect(_chart_url(post))
    return render(request, "succession/edit_post.jinja", {"post": post, "form": form},
                  status=form_status(form))


def _holders(request, post):
    """The picker over the people this user may appoint to the post (the service decides)."""
    return person_source(services.holder_choices(request.user, post),
                         url=reverse("succession:holder-people", args=[post.pk]))


#: The new-holder picker's suggestions, for the plan's owners.
holder_people = people_for_record(_owned_post, _holders,
                                  "people who may be appointed to a board post")


@login_required
@require_http_methods(["GET", "POST"])
def change_holder(request: HttpRequest, pk: int) -> HttpResponse:
    """Record that the holder left (the post falls vacant), or appoint a new holder."""
    user, post = request.user, _owned_post(request, pk)
    posted = request.POST if request.method == "POST" else None
    left = posted is not None and "left" in posted  # which of the page's two forms was sent
    leaving = HolderLeftForm(posted if left else None)
    appoint = AppointForm(None if left else posted, people=_holders(request, post))
    name = post.incumbent.full_name if post.incumbent else ""
    if save_form(request, leaving, lambda data: services.record_holder_left(
            user, post, left_on=data["left_on"], request=request),
            f"{name} has left {post.title}: the post is vacant") or save_form(
            request, appoint, lambda data: services.appoint_holder(
                user, post, person_id=data["person"].pk, started_on=data["started_on"],
                interim=data["interim"], request=request),
            lambda p: f"{p.incumbent.full_name} now holds {post.title}"):
        return redirect(_chart_url(post))
    if shown := listed(appoint, "person"):
        record_read(actor=user, request=request, target=post, people=shown,
                    what="people who may be appointed to a board post")
    return render(request, "succession/holder.jinja", {
        "post": post, "leaving": leaving, "appoint": appoint,
    }, status=max(form_status(leaving), form_status(appoint)))


def _export_posts(request: HttpRequest, model, field: str, value: str, fmt: str, stem: str, *,
                  with_successors: bool = True) -> HttpResponse:
    """A download of the board posts in the scope of the ``model`` whose ``field`` is
    ``value`` (its chart with successors, or only each post's risk and cover), named
    ``<stem>-<that field's value as stored>``."""
    _require_posts(request.user)
    target = get_object_or_404(model, **{f"{field}__iexact": value})
    if fmt not in exports.FORMATS:
        raise Http404(f"There is no {fmt} download.")
    code = getattr(target, field)
    views = services.post_views(request.user, services.posts_in(scopes.resolve(code)),
                                request=request, with_successors=with_successors)
    name, content_type, content = exports.export(
        request.user, target, views, fmt, f"{stem}-{code}", request=request,
        with_successors=with_successors)
    return download(content, content_type, name)


@login_required
@require_GET
def export_chart(request: HttpRequest, ods: str, fmt: str) -> HttpResponse:
    return _export_posts(request, Organisation, "ods_code", ods, fmt, "succession-chart")


@login_required
@require_GET
def export_map(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    return _export_posts(request, IntegratedCareSystem, "code", code, fmt, "system-map",
                         with_successors=False)
