"""Globals and filters registered on the Jinja2 environment (talentbridge.config.jinja2).

Globals: ``static``, ``url``, ``url_or``, ``get_messages``, ``now``, ``csp_nonce_value``,
``sign_out_url``, ``nhs_field``, ``nhs_fields``,
``error_summary``.
Filters: ``nhs_date``, ``nhs_datetime``, ``nhs_time``.

Django's Jinja2 backend already provides ``request``, ``csrf_input`` and
``csrf_token``; the context processors in settings add ``messages`` and
``csp_nonce``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages as django_get_messages
from django.middleware.csp import get_nonce
from django.templatetags.static import static
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils import timezone
from jinja2 import pass_context
from markupsafe import Markup

from talentbridge.core import forms as nhs_forms

# --------------------------------------------------------------------------------------
# URLs, messages, time
# --------------------------------------------------------------------------------------


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``{{ url("people:detail", person.pk) }}`` or ``url("people:detail", pk=person.pk)``."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def url_or(path: str, *viewnames: str) -> str:
    """First of ``viewnames`` that reverses, else ``path`` (for links into apps that
    may not have their URLs yet)."""
    for name in viewnames:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return path


def get_messages(request) -> list[dict[str, Any]]:
    """Flash messages for the notification banner: text, variant and title."""
    if request is None:
        return []
    out = []
    for message in django_get_messages(request):
        success = message.level == message_levels.SUCCESS
        out.append({
            "text": str(message),
            "variant": "success" if success else "",
            "title": "Success" if success else "Important",
            "level": message.level,
            "tags": message.tags,
        })
    return out


def now() -> datetime.datetime:
    """Current time in the project time zone (Europe/London)."""
    return timezone.localtime()


# --------------------------------------------------------------------------------------
# CSP nonce
# --------------------------------------------------------------------------------------


@pass_context
def csp_nonce_value(context) -> str:
    """The request's CSP nonce as a string ("" without the CSP middleware).

    Django's ``LazyNonce`` is falsy until first read, so the NHS template's
    ``{% if cspNonce %}`` would drop it; always pass this string instead.
    """
    nonce = context.get("csp_nonce")
    if nonce is None:
        request = context.get("request")
        nonce = get_nonce(request) if request is not None else None
    return "" if nonce is None else str(nonce)


# --------------------------------------------------------------------------------------
# Dates in NHS style
# --------------------------------------------------------------------------------------


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def nhs_date(value) -> str:
    """``26 November 2026``."""
    if value is None or value == "":
        return ""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return nhs_forms.nhs_date(value)


def nhs_time(value) -> str:
    """``9am``, ``2:30pm``, ``midday``, ``midnight`` (NHS style)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    hour, minute = value.hour, value.minute
    if minute == 0 and hour == 12:
        return "midday"
    if minute == 0 and hour == 0:
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    hour12 = hour % 12 or 12
    return f"{hour12}{suffix}" if minute == 0 else f"{hour12}:{minute:02d}{suffix}"


def nhs_datetime(value) -> str:
    """``26 November 2026 at 2:30pm``."""
    if value is None or value == "":
        return ""
    return f"{nhs_date(value)} at {nhs_time(value)}"


# --------------------------------------------------------------------------------------
# Navigation
# --------------------------------------------------------------------------------------

def sign_out_url() -> str:
    return url_or(
        "/accounts/sign-out/", "accounts:sign-out", "accounts:sign_out", "accounts:logout"
    )


# --------------------------------------------------------------------------------------
# Forms
# --------------------------------------------------------------------------------------


@pass_context
def nhs_field(context, bound_field, **overrides):
    """``{{ nhs_field(form.first_name, hint="As on your payslip") }}``."""
    return nhs_forms.render_field(bound_field, context.environment, **overrides)


@pass_context
def nhs_fields(context, form, **overrides):
    """Every field of ``form`` in order (hidden fields as plain inputs)."""

    return Markup("\n").join(
        nhs_forms.render_field(bf, context.environment, **overrides) for bf in form
    )


@pass_context
def error_summary(context, form, **overrides):
    """``{{ error_summary(form) }}``: NHS error summary linking to each field."""
    return nhs_forms.render_error_summary(form, context.environment, **overrides)


GLOBALS = {
    "static": static,
    "url": url,
    "url_or": url_or,
    "get_messages": get_messages,
    "now": now,
    "csp_nonce_value": csp_nonce_value,
    "sign_out_url": sign_out_url,
    "nhs_field": nhs_field,
    "nhs_fields": nhs_fields,
    "error_summary": error_summary,
}

FILTERS = {
    "nhs_date": nhs_date,
    "nhs_datetime": nhs_datetime,
    "nhs_time": nhs_time,
}
