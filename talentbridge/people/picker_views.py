"""The people picker's suggestions for a page about one record (a cohort to nominate to, a
review to place in, a post to appoint to): the record is found exactly as its page finds it
(refused in the same way), and the people offered are audited as read against it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from talentbridge.core.pickers import PickerSource

from .pickers import people_json


def people_for_record(find: Callable[[HttpRequest, int], Any],
                      candidates: Callable[[HttpRequest, Any], PickerSource], what: str):
    """A GET view ``(request, pk)`` answering the picker with ``candidates(request, record)``
    for the record ``find(request, pk)``; ``what`` names the people in the audit trail."""
    @login_required
    @require_GET
    def suggestions(request: HttpRequest, pk: int) -> JsonResponse:
        record = find(request, pk)
        return people_json(request, candidates(request, record), target=record, what=what)
    return suggestions
