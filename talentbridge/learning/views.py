"""The learning log's pages: my log, an entry (its author's, or shared with the reader), writing
and changing entries and learning reviews, sharing and revoking, deleting, and "Shared with
me". Thin over the services, which ask the learning policy and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from talentbridge.core.confirm import Confirmation
from talentbridge.core.confirm_views import confirmed_change
from talentbridge.core.paging import paginate
from talentbridge.core.views import carry_out
from talentbridge.core.views import form_status
from talentbridge.core.views import save_form

from . import policy
from . import presenters
from . import services
from .forms import EntryForm
from .forms import LearningReviewForm
from .forms import ShareForm
from .models import Entry
from .models import EntryKind
from .models import ShareRoute

PER_PAGE = 20
#: How a share reads to the person it is shared with.
READER_ROUTES = {ShareRoute.MENTOR: "Their mentor or coach",
                 ShareRoute.LINE_MANAGER: "Their line manager"}


def _entry_url(entry) -> str:
    return reverse("learning:entry", args=[entry.pk])


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My learning log: my own entries, newest first."""
    entries = paginate(request, services.my_entries(request.user), PER_PAGE, "entry",
                       "entries")
    return render(request, "learning/home.jinja", {
        "entries": entries, "rows": [presenters.entry_row(e) for e in entries]})


def _form_for(kind: str, *args, **kwargs):
    return (LearningReviewForm if kind == EntryKind.LEARNING_REVIEW else EntryForm)(
        *args, **kwargs)


def _write(request: HttpRequest, kind: str) -> HttpResponse:
    services.my_person(request.user)
    form = _form_for(kind, request.POST if request.method == "POST" else None)
    saved = save_form(request, form, lambda data: services.create_entry(
        request.user, form.values(), request=request),
        "Your entry has been saved. Only you can read it.")
    if saved:
        return redirect(_entry_url(saved.value))
    return render(request, "learning/write.jinja", {
        "form": form, "review": kind == EntryKind.LEARNING_REVIEW, "entry": None,
    }, status=form_status(form))


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def new_entry(request: HttpRequest) -> HttpResponse:
    return _write(request, EntryKind.REFLECTION)


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def new_review(request: HttpRequest) -> HttpResponse:
    return _write(request, EntryKind.LEARNING_REVIEW)


@login_required
@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: its author sees who it is shared with; a reader it is shared with reads it."""
    found = services.get_entry(request.user, pk, request=request)
    mine = policy.is_author(request.user, found)
    return render(request, "learning/entry.jinja", {
        "entry": found, "heading": presenters.heading(found), "mine": mine,
        "sections": presenters.entry_sections(found),
        "domain": presenters.domain_label(found.lcf_domain),
        "shares": services.shares_of(request.user, found) if mine else [],
    })


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.my_entry(request.user, pk)
    initial = {name: getattr(found, name) for name in (*services.TEXT_FIELDS, "tags",
                                                       "happened_on")}
    initial["lcf_domain"] = str(found.lcf_domain or "")
    form = _form_for(found.kind, request.POST if request.method == "POST" else None,
                     initial=initial)
    if save_form(request, form, lambda data: services.update_entry(
            request.user, found, form.values(), request=request), "Your entry has been saved"):
        return redirect(_entry_url(found))
    return render(request, "learning/write.jinja", {
        "form": form, "review": found.kind == EntryKind.LEARNING_REVIEW, "entry": found,
    }, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, pk: int) -> HttpResponse:
    found = services.my_entry(request.user, pk)
    choices = services.share_choices(request.user)
    form = ShareForm(request.POST if request.method == "POST" else None, choices=choices)

    def change(data):
        route, person_id = services.parse_choice(data["person"])
        return services.share_entry(request.user, found, person_id=person_id, route=route,
                                    request=request)

    if save_form(request, form, change,
                 lambda s: f"{s.person.full_name} can now read this entry"):
        return redirect(_entry_url(found))
    return render(request, "learning/share.jinja", {
        "entry": found, "heading": presenters.heading(found), "form": form,
        "choices": choices}, status=form_status(form))


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int, share_id: int) -> HttpResponse:
    found = services.my_entry(request.user, pk)
    carry_out(request, lambda: services.revoke_share(request.user, found, share_id,
                                                     request=request),
              lambda s: f"{s.person.full_name} can no longer read this entry")
    return redirect(_entry_url(found))


def _confirm_delete(request: HttpRequest, found: Entry) -> Confirmation:
    return Confirmation(
        question="delete this entry", button="Delete the entry", back_href=_entry_url(found),
        caption=presenters.heading(found),
        details=["The entry is deleted at once, and everyone you shared it with loses it."])


delete = confirmed_change(_confirm_delete, find=services.my_entry,
                          change=services.delete_entry, success="Your entry has been deleted",
                          done="learning:home")


@login_required
@require_GET
def shared_with_me(request: HttpRequest) -> HttpResponse:
    """Entries that mentees and reports shared with me, while the share holds."""
    found = services.shared_with_me(request.user, request=request)
    page = paginate(request, found, PER_PAGE, "entry", "entries")
    return render(request, "learning/shared.jinja", {
        "page": page,
        "rows": [{**presenters.entry_row(s.entry), "author": s.entry.person.full_name,
                  "route": READER_ROUTES[s.share.route]} for s in page]})
