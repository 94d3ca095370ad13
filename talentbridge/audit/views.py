"""The administrators' read-only search of the audit trail. There is no way to change or
delete an audit event, here or anywhere else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.services import require_administrator
from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text

from . import presenters
from .forms import AuditSearchForm
from .models import AuditAction
from .models import AuditEvent
from .services import record

PAGE_SIZE = 50


@login_required
@require_http_methods(["GET"])
def search(request: HttpRequest) -> HttpResponse:
    require_administrator(request.user)
    form = AuditSearchForm(request.GET)
    events = AuditEvent.objects.none()
    if form.is_valid():
        events = form.apply(AuditEvent.objects.all())
        record(actor=request.user, action=AuditAction.SEARCH, request=request,
               target_type="audit.auditevent", detail=form.audit_detail())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/search.jinja", {
        "form": form,
        "rows": presenters.event_rows(page, request.user),
        "results_text": results_text(page, "event", "events"),
        "pagination": page_links(page, form.data.dict()),
    })
