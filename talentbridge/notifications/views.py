"""The signed-in user's notifications: the list (newest first, unread marked), "mark all as
read", and the choice of which kinds come by e-mail. Each user sees only their own, so
nothing here is audited (no one else's record is read)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from talentbridge.core.paging import page_links
from talentbridge.core.paging import results_text

from . import presenters
from . import services
from .forms import EmailChoicesForm

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET"])
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(services.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/list.jinja", {
        "rows": presenters.rows(page),
        "unread": services.unread_count(request.user),
        "results_text": results_text(page, "notification", "notifications"),
        "pagination": page_links(page, {}),
    })


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, f"{count} {'notification' if count == 1 else 'notifications'}"
                                  " marked as read")
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    chosen = services.email_choices(request.user)
    form = EmailChoicesForm(request.POST or None, initial={
        "by_email": [kind for kind, wanted in chosen.items() if wanted]})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_email_choices(request.user, form.cleaned_data["by_email"])
        except ValidationError as error:
            form.add_error("by_email", error.messages[0])
        else:
            messages.success(request, "Your e-mail settings have been saved")
            return redirect("notifications:settings")
    return render(request, "notifications/settings.jinja", {"form": form})
