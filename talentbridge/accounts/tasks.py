"""Background work for accounts (Django's task framework; the immediate backend in tests)."""

from __future__ import annotations

from django.tasks import task


@task()
def send_password_reset(email: str) -> int:
    from .passwords import send_reset_links

    return send_reset_links(email)
