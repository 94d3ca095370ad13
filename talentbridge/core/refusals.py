"""How a service refuses a change: a ValidationError on the field at fault, which the views
put on the form's field and the API reports as 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def refuse_existing(rows, field: str, message: str) -> None:
    """Refuse a second of something (a person named twice in one plan, an entry shared twice
    with one reader): a ValidationError on ``field`` saying ``message`` when ``rows``, the
    queryset of the one there already, has any."""
    if rows.exists():
        raise ValidationError({field: message})
