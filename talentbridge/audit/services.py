"""Write audit events. Call `record` from services whenever a person's record is seen or changed.

Events store identifiers, never names or e-mail addresses (`talentbridge.audit.labels`): pass
ids in ``detail``, never a person's name, a username or an address."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q

from talentbridge.core.addresses import UNKNOWN
from talentbridge.core.addresses import client_address

from .labels import target_label_for
from .labels import user_label
from .models import AuditAction
from .models import AuditEvent


def _address(request) -> str | None:
    address = client_address(request) if request is not None else UNKNOWN
    return None if address == UNKNOWN else address


def record(
    *,
    actor,
    action: str,
    target: Any = None,
    request=None,
    reason: str = "",
    channel: str = "",
    detail: dict | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
) -> AuditEvent:
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or target_label_for(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    if not channel and request is not None:
        channel = "api" if request.path.startswith("/api/") else "web"
    client_id = getattr(request, "client_request_id", "") if request is not None else ""
    if client_id:
        detail = {**(detail or {}), "client_request_id": client_id}
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_label=user_label(actor.pk if authenticated else None),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        request_id=getattr(request, "request_id", "") if request is not None else "",
        client_address=_address(request),
        channel=channel or "cli",
        reason=reason,
        detail=detail or {},
    )


def record_view(actor, target, person_id: int, *, request=None, **detail) -> AuditEvent:
    """One "Viewed" event for a record about one person (`detail` adds to their id)."""
    return record(actor=actor, action=AuditAction.VIEW, target=target, request=request,
                  detail={"person": person_id, **detail})


#: At most this many person ids are written on one read event; `people_count` is always exact.
MAX_PEOPLE_IDS = 500


def _ids(people) -> list[int]:
    """Person ids from people, ids, or rows with a ``person_id``; sorted, each once."""
    ids = set()
    for item in people:
        if isinstance(item, int):
            ids.add(item)
        else:
            ids.add(getattr(item, "person_id", None) or item.pk)
    return sorted(ids)


def record_read(*, actor, request, people=(), target: Any = None, what: str = "",
                target_type: str = "", target_id: str = "", detail: dict | None = None
                ) -> AuditEvent:
    """One "Viewed" event for a page or API answer that names people: what was read (the
    target) and the ids of the people named in it."""
    ids = _ids(people)
    detail = {**(detail or {}), "people": ids[:MAX_PEOPLE_IDS], "people_count": len(ids)}
    if what:
        detail["what"] = what
    return record(actor=actor, action=AuditAction.VIEW, target=target, request=request,
                  target_type=target_type, target_id=target_id, detail=detail)


#: Exceptions that name the person refused (their first argument is the person's id).
_PERSON_REFUSALS = ("PersonNotFound",)
#: The URL parameters that hold the id of the thing asked for.
_ID_PARAMETERS = ("id", "pk", "person_pk", "person_id", "ods_code", "code")


def _actor_of(request):
    """The signed-in user of a web request, or of an API request (token or session)."""
    for actor in (getattr(request, "auth", None), getattr(request, "user", None)):
        if actor is not None and getattr(actor, "is_authenticated", False):
            return actor
    return None


def record_refusal(request, status: int, exception: BaseException | None = None
                   ) -> AuditEvent | None:
    """One "Refused access" event for a signed-in user's request that was refused (403) or
    answered "not found" (404) by a page or API operation that exists: who, the path, what
    was asked for where the address names it, the request id. Anonymous requests are not
    recorded (they reach no one's data, and anyone could fill the trail with them)."""
    actor = _actor_of(request)
    match = getattr(request, "resolver_match", None)
    if actor is None or match is None:
        return None
    kwargs = {k: str(v)[:40] for k, v in (match.kwargs or {}).items()}
    target_type, target_id = "", ""
    if exception is not None and type(exception).__name__ in _PERSON_REFUSALS and exception.args:
        target_type, target_id = "people.person", str(exception.args[0])[:40]
    elif "person_pk" in kwargs:
        target_type, target_id = "people.person", kwargs["person_pk"]
    elif match.namespace == "people" and "pk" in kwargs:  # /people/<pk>/…
        target_type, target_id = "people.person", kwargs["pk"]
    else:
        target_id = next((kwargs[k] for k in _ID_PARAMETERS if k in kwargs), "")
    detail = {"status": status, "method": request.method, "view": match.view_name or "",
              "parameters": kwargs}
    if exception is not None and str(exception):
        detail["message"] = str(exception)[:200]
    return record(actor=actor, action=AuditAction.ACCESS_REFUSED, request=request,
                  target_type=target_type, target_id=target_id,
                  target_label=request.path[:200], detail=detail)


def actor_ids(username: str) -> list[int]:
    """The ids of the users with this username (any case): events store the id."""
    users = get_user_model()._base_manager.filter(username__iexact=username)
    return sorted(users.values_list("pk", flat=True))


def acted_by(events, username: str):
    """Events by the user(s) with this username, as they are named now."""
    return events.filter(actor_id__in=actor_ids(username))


def naming_person(events, person_id: int):
    """Events about one person: their record as the target, or a page that named them
    (``detail.person``, or among ``detail.people``)."""

    among = rf"(^|[^0-9]){int(person_id)}([^0-9]|$)"
    return events.filter(Q(target_type="people.person", target_id=str(person_id))
                         | Q(detail__person=int(person_id))
                         | Q(detail__people__regex=among))
