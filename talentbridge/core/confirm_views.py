"""Views for actions that cannot be undone (see ``core.confirm``): the decorators every such
view wears, and the whole view of the common case, a button that changes one record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from .confirm import Confirmation
from .confirm import Describe
from .confirm import confirm_first
from .views import Success
from .views import carry_out


def confirmed_action(describe: Describe):
    """A signed-in user's action: GET shows the confirmation ``describe`` gives, POST (the
    confirmed button) runs the view."""
    def wrap(view):
        return login_required(require_http_methods(["GET", "POST"])(
            confirm_first(describe)(view)))
    return wrap


def confirmed_change(describe: Callable[[HttpRequest, Any], Confirmation | None], *,
                     find: Callable[[Any, int], Any], change: Callable[..., Any],
                     success: Callable[[Any], str] | str, done: str):
    """The whole view ``(request, pk)`` of a confirmed button that changes one record, the
    record ``find(user, pk)``: GET shows ``describe(request, record)``; POST makes the change
    ``change(user, record, request=request)`` (a refusal becomes error messages, see
    carry_out) with ``success`` said (a string, or a function of the record), and then goes
    to the URL named ``done``."""
    @confirmed_action(lambda request, pk: describe(request, find(request.user, pk)))
    def confirmed(request: HttpRequest, pk: int) -> HttpResponse:
        record = find(request.user, pk)
        said: Success = success(record) if callable(success) else success
        carry_out(request, lambda: change(request.user, record, request=request), said)
        return redirect(done)
    return confirmed
