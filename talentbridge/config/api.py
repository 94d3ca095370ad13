"""The versioned JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json.

Every response, errors included, is JSON. Errors have the shape
``{"detail": "...", "errors": [{"field": ..., "value": ..., "message": ...}]}``:

- 400: a value a service refused (Django ValidationError), an unknown reference code, a body
  that is not JSON;
- 401: no credentials, or a wrong or revoked token;
- 403: signed in but not allowed;
- 404: no such thing, or a person the access policy hides (the two look the same);
- 405: method not allowed on the path;
- 413: an uploaded file passed the import's size limit while it arrived (reading stopped);
- 422: the request does not match the schema (wrong type, unknown field, too long, unknown
  choice code), naming each field and the value sent;
- 429: too many requests from one client address (every request counts, failed ones too) or
  from one signed-in user (``TALENTBRIDGE_API_RATE``), with ``Retry-After``.

The interactive docs page (Swagger UI) is switched off: it loads scripts from a CDN and runs
inline scripts, which our content security policy forbids. openapi.json is the contract.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseNotAllowed
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import HttpError
from ninja.errors import ValidationError
from ninja.throttling import BaseThrottle

from talentbridge.accounts import rate_limit
from talentbridge.accounts.auth import bearer_token
from talentbridge.accounts.auth import session_read
from talentbridge.insights.uploads import refused as upload_refused
from talentbridge.people.services import PersonNotFound

logger = logging.getLogger(__name__)

MAX_ECHOED_LENGTH = 100


def _echo(value: Any) -> Any:
    """The submitted value, made safe to send back: JSON-able and not too long."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= MAX_ECHOED_LENGTH else value[:MAX_ECHOED_LENGTH] + "…"
    if isinstance(value, dict | list | tuple):
        text = repr(value)
        return value if len(text) <= MAX_ECHOED_LENGTH else text[:MAX_ECHOED_LENGTH] + "…"
    return _echo(str(value))


class TalentBridgeAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts) -> ValidationError:
        """Like ninja's, but keep the submitted value and name the field plainly."""
        errors = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"])
                source = model.__ninja_param_source__
                parts = [str(p) for p in loc]
                if source == "body":
                    parts = parts[1:] or ["body"]  # drop the body parameter's own name
                value = None if error["type"] == "missing" else error.get("input")
                message = error["msg"].removeprefix("Value error, ")
                if error["type"] == "extra_forbidden":
                    message = f'"{parts[-1]}" is not a field you can send here'
                errors.append({
                    "field": ".".join(parts) or source,
                    "value": _echo(value),
                    "message": message,
                    "location": source,
                })
        return ValidationError(errors)

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            pattern.callback = _limited(_json_method_not_allowed(pattern.callback))
        urls.append(re_path(r"^.*$", csrf_exempt(_limited(self._not_found_view)),
                            name="not-found"))
        return urls

    def _not_found_view(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return self.create_response(
            request, {"detail": f"There is no API endpoint at {request.path}"}, status=404
        )


def _limited(view):
    """Count every request against the per-address limit before anything else runs, so
    unauthenticated and failed requests count too (talentbridge.accounts.rate_limit)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        wait = rate_limit.seconds_to_wait(request)
        if wait is not None:
            response = api.create_response(request, {"detail": "Too many requests."},
                                           status=429)
            response["Retry-After"] = str(wait)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _json_method_not_allowed(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = api.create_response(
                request,
                {"detail": f"{request.method} is not allowed here; allowed: {allowed}"},
                status=405,
            )
            response["Allow"] = allowed
        return response

    return wrapper


class PerUserRateThrottle(BaseThrottle):
    """At most ``settings.TALENTBRIDGE_API_RATE`` requests (e.g. ``"600/m"``) per signed-in
    user (whichever token, session or address they use); the rate is read at each request,
    and an empty one switches throttling off. Over the rate the answer is 429 with
    ``Retry-After``. Every request, signed in or not, failed or not, is also counted per
    client address before this (`_limited`). Both count atomically in the shared cache
    (talentbridge.accounts.rate_limit)."""

    def __init__(self) -> None:
        self._local = threading.local()  # one instance serves every thread

    def allow_request(self, request: HttpRequest) -> bool:
        user_id = getattr(getattr(request, "auth", None), "pk", None)
        if user_id is None:
            return True  # no one signed in: the per-address limit covers it
        self._local.wait = rate_limit.seconds_to_wait_for_user(user_id)
        return self._local.wait is None

    def wait(self) -> float | None:
        return getattr(self._local, "wait", None)


api = TalentBridgeAPI(
    title="TalentBridge API",
    version="1",
    description=(
        "Leadership talent management for the NHS in England. Authenticate with "
        "`Authorization: Bearer tb_<prefix>_<secret>` (a signed-in browser session may read). "
        "Errors are JSON: `{detail, errors: [{field, value, message}]}`. Requests are limited "
        "per client address and per user (429 with `Retry-After` beyond the limit). Tokens "
        "expire and have scopes: reads need `read`, changes `write`, imports `import`."
    ),
    urls_namespace="api",
    docs_url=None,
    auth=[bearer_token, session_read],
    throttle=[PerUserRateThrottle()],
)


def _error(request, status: int, detail: str, errors: list | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def request_invalid(request, exc: ValidationError):
    too_large = upload_refused(request)
    if too_large:  # the upload was stopped while it arrived: the file is missing because of it
        return _error(request, 413, "Upload too large",
                      [{"field": "file", "value": None, "message": too_large}])
    return _error(request, 422, "Invalid input", exc.errors)


@api.exception_handler(DjangoValidationError)
def service_refused(request, exc: DjangoValidationError):
    submitted = getattr(request, "api_submitted", {}) or {}
    errors = []
    if hasattr(exc, "error_dict"):
        for field, field_errors in exc.message_dict.items():
            for message in field_errors:
                name = "" if field == "__all__" else field
                errors.append({
                    "field": name, "value": _echo(submitted.get(name)), "message": message,
                })
    else:
        errors = [{"field": "", "value": None, "message": m} for m in exc.messages]
    return _error(request, 400, "Invalid input", errors)


@api.exception_handler(AuthenticationError)
def not_authenticated(request, exc: AuthenticationError):
    detail = exc.message
    if detail == "Unauthorized":
        detail = "Authentication required: send 'Authorization: Bearer <token>'."
    response = _error(request, 401, detail)
    response["WWW-Authenticate"] = 'Bearer realm="TalentBridge API"'
    return response


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    request.refusal = exc  # for the audit trail (audit.middleware.RefusalAuditMiddleware)
    return _error(request, 403, str(exc) or "You do not have permission to do that.")


@api.exception_handler(PersonNotFound)
def person_not_found(request, exc: PersonNotFound):
    request.refusal = exc
    return _error(request, 404, "Person not found.")


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    request.refusal = exc
    return _error(request, 404, str(exc) or "Not found.")


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    detail = str(exc)
    if detail == "Cannot parse request body":
        detail = "The request body is not valid JSON."
    return _error(request, exc.status_code, detail)


@api.exception_handler(Exception)
def unexpected(request, exc: Exception):
    logger.exception("Unhandled error in the API", exc_info=exc)
    return _error(
        request, 500,
        f"Something went wrong. Quote request id {getattr(request, 'request_id', '-')}.",
    )


api.add_router("", "talentbridge.people.api.router", tags=["people"])
api.add_router("", "talentbridge.organisations.api.router", tags=["organisations"])
api.add_router("", "talentbridge.accounts.api.router", tags=["accounts"])
api.add_router("", "talentbridge.audit.api.router", tags=["audit"])
api.add_router("/talent", "talentbridge.talent.api.router", tags=["talent"])
api.add_router("/opportunities", "talentbridge.opportunities.api.router", tags=["opportunities"])
api.add_router("/insights", "talentbridge.insights.api.router", tags=["insights"])
api.add_router("/staff-record", "talentbridge.staff_record.api.router", tags=["staff record"])
api.add_router("/succession", "talentbridge.succession.api.router", tags=["succession"])
api.add_router("/programmes", "talentbridge.programmes.api.router", tags=["programmes"])
api.add_router("", "talentbridge.data_rights.api.router", tags=["data rights"])
api.add_router("", "talentbridge.data_rights.erasure_api.router", tags=["data rights"])
api.add_router("/board", "talentbridge.board.api.router", tags=["board"])
api.add_router("/learning", "talentbridge.learning.api.router", tags=["learning log"])
api.add_router("/mentoring", "talentbridge.mentoring.api.router", tags=["mentoring"])
api.add_router("/plans", "talentbridge.plans.api.router", tags=["development plans"])
api.add_router("/tenure", "talentbridge.tenure.api.router", tags=["tenure"])
api.add_router("/support", "talentbridge.support.api.router", tags=["support"])
api.add_router("/notifications", "talentbridge.notifications.api.router",
               tags=["notifications"])
