"""An administrator erases a person on request: a confirmation page naming what will go
(counts per kind of record), a reason, then the erasure (`erasure.erase_person`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.grants import grants_for
from talentbridge.core.forms import add_service_errors
from talentbridge.people import services as people_services

from . import erasure
from .erasure_forms import ErasureForm
from .erasure_policy import can_erase


def _person(request: HttpRequest, pk: int):
    try:
        person = people_services.get_person(request.user, pk, request=request)
    except people_services.PersonNotFound:
        raise Http404("No such person") from None
    if not can_erase(grants_for(request.user), person):
        raise PermissionDenied("Only an administrator can erase a person, and not their own "
                               "record.")
    return person


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            done = erasure.erase_person(request.user, person, reason=form.cleaned_data["reason"],
                                        request=request)
        except erasure.ErasureError as error:
            add_service_errors(form, error)
        else:
            return render(request, "data_rights/erasure_done.jinja", {"erasure": done})
    try:
        counts, blocked = sorted(erasure.erasure_counts(person).items()), []
    except erasure.ErasureError as error:
        counts, blocked = [], error.messages
    return render(request, "data_rights/erasure_confirm.jinja", {
        "person": person, "form": form, "counts": counts, "blocked": blocked,
    })
