"""Start-up checks of the core settings that come from the environment: a mistyped value is
named with what it should look like (`manage.py check`, and every server and worker start)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error
from django.core.checks import register

#: Unix niceness: 0 (as the web processes) to 19 (only what nothing else wants).
NICENESS = range(20)


def worker_niceness_problem(value: str) -> str | None:
    """Why ``value`` is not a niceness a task worker can take, or None."""
    value = value.strip()
    if value.isdigit() and int(value) in NICENESS:
        return None
    return f'TALENTBRIDGE_WORKER_NICENESS "{value}" is not a whole number from 0 to 19'


@register()
def worker_niceness(app_configs, **kwargs):
    problem = worker_niceness_problem(str(settings.TALENTBRIDGE_WORKER_NICENESS))
    if problem:
        return [Error(problem, hint='How much lower task workers\' CPU priority is than the web '
                                    'processes\', e.g. "10" (the default) or "0" (equal).',
                      id="core.E001")]
    return []
