"""A confirmation step for an action that cannot be undone (or that can, but only by doing it
again, which `can_undo` says instead of the warning).

The action keeps its URL and its POST view; wrapped in `confirm_first`, a GET of the same URL
shows "Are you sure you want to …? This cannot be undone." with a warning button that posts
to it and a "Cancel" link back. The page that offers the action links to that URL instead of
posting to it, so the first click changes nothing and works without JavaScript::

    @login_required
    @require_http_methods(["GET", "POST"])
    @confirm_first(lambda request, pk: Confirmation(
        question=f"close {services.get_thing(request.user, pk).title}", button="Close it",
        back_href=reverse("things:detail", args=[pk])))
    def close(request, pk): ...  # the POST, as before

The describing function reads the record through the app's services, so a GET is refused
(404, 403) exactly as the POST would be; returning None leaves GET not allowed (405).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from functools import wraps

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotAllowed
from django.shortcuts import render


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says.

    question  what the user is about to do, to follow "Are you sure you want to"
    button    the warning button's words, e.g. "Close the opportunity"
    back_href where "Cancel" goes (the page the action was offered on)
    caption   the record's name, shown above the heading
    details   sentences saying what will happen
    cannot_undo  the warning callout's text (what it would take to put things back)
    can_undo  for an action the user can reverse themselves: how, shown as inset text with an
              ordinary button in place of the warning callout and the warning button
    """

    question: str
    button: str
    back_href: str
    caption: str = ""
    details: list[str] = field(default_factory=list)
    cannot_undo: str = "This cannot be undone."
    can_undo: str = ""


Describe = Callable[..., Confirmation | None]


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    return render(request, "core/confirm.jinja", {"confirm": confirmation,
                                                   "action_href": request.path})


def confirm_first(describe: Describe):
    """A POST view whose GET shows the confirmation that ``describe`` gives."""
    def wrap(view):
        @wraps(view)
        def confirmed(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET":
                return view(request, *args, **kwargs)
            confirmation = describe(request, *args, **kwargs)
            if confirmation is None:
                return HttpResponseNotAllowed(["POST"])
            return confirmation_page(request, confirmation)
        return confirmed
    return wrap
