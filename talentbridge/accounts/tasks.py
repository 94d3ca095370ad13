"""Background work for accounts (Django's task framework; the immediate backend in tests)."""

from __future__ import annotations

from django.tasks import task

from .passwords import send_reset_links


@task()
def send_password_reset(email: str) -> int:
    return send_reset_links(email)
