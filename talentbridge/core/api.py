"""Small pieces shared by the API routers: input types, paging, error bodies and helpers.

In `core`, the bottom layer, so that every app's router may import them; the API itself
(`talentbridge.config.api`, which mounts every router) sits at the top.
"""

from __future__ import annotations

from typing import Annotated
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field
from ninja import Schema
from pydantic import AfterValidator
from pydantic import ConfigDict
from pydantic import StringConstraints

#: The biggest id a database row can have (PostgreSQL bigint); larger ids are simply not found.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_OFFSET = 1_000_000


#: The same rule for openapi.json: any character but the control ones other than tab and newlines.
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F]*$"


def _no_control_characters(value: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValueError("Text must not contain control characters")
    return value


def text(max_length: int, min_length: int = 0) -> Any:
    """A string type of bounded length without NUL or other control characters (PostgreSQL
    refuses NUL in text). The length limits come first so their messages name the limit."""
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_no_control_characters),
        Field(json_schema_extra={"pattern": NO_CONTROL_CHARACTERS}),
    ]

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]


class InputSchema(Schema):
    """Request bodies refuse fields they do not know, so typos are not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class FieldError(Schema):
    field: str
    value: Any = None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class PageOut(Schema):
    """A paginated response body's count and paging, as `page` gives them; each page schema
    adds its ``items``."""

    count: int
    limit: int
    offset: int


class Paging(Schema):
    """The ``?limit=&offset=`` of a paginated list operation (``paging: Query[Paging]``)."""

    limit: Limit = DEFAULT_PAGE_SIZE
    offset: Offset = 0


def page(queryset, limit: int, offset: int) -> dict:
    """A page of a queryset, with the total count, as the paginated response bodies expect."""
    return {
        "count": queryset.count(),
        "limit": limit,
        "offset": offset,
        "items": list(queryset[offset:offset + limit]),
    }


def remember_input(request, values: dict) -> None:
    """Keep the submitted values so a service's ValidationError can be reported with them."""
    request.api_submitted = dict(values)


def submitted_values(request, payload: Schema, *, exclude_unset: bool = False) -> dict:
    """A request body's values, kept (`remember_input`) so a service's ValidationError can be
    reported with them."""
    values = payload.model_dump(exclude_unset=exclude_unset)
    remember_input(request, values)
    return values


def call_service(request, service, /, *records, **values):
    """``service(request.auth, *records, **values, request=request)``: a service called as the
    signed-in user, audited with the request, its values (if any) kept first (`remember_input`)
    so that a refusal (400) names the value sent. A request body whose fields are the
    service's arguments goes as ``**payload.model_dump()``."""
    if values:
        remember_input(request, values)
    return service(request.auth, *records, **values, request=request)


def invalid(field: str, message: str, value: Any = None, *, request=None) -> DjangoValidationError:
    """A ValidationError for one field; the API reports it as 400 with the value given."""
    if request is not None:
        submitted = dict(getattr(request, "api_submitted", {}) or {})
        submitted[field] = value
        request.api_submitted = submitted
    return DjangoValidationError({field: message})


#: Common error responses, listed in the OpenAPI document (429: over the per-user rate).
ERRORS = {
    400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut,
}
#: An uploaded file passed the size limit while it arrived.
TOO_LARGE = {413: ErrorOut}
