"""The stale-work sweep as an operator runs it: `talentbridge mark-stale-work`."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from talentbridge.cli import main
from talentbridge.opportunities.codes import RunScope
from talentbridge.opportunities.codes import RunStatus
from talentbridge.opportunities.models import MatchRun

pytestmark = pytest.mark.django_db


def _sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("mark_stale_work", *args, stdout=out)
    return out.getvalue()


def test_the_command_names_what_it_marked_failed_and_says_when_nothing_had_stopped():
    assert _sweep() == "No work had stopped.\n"
    run = MatchRun.objects.create(scope=RunScope.NATIONAL, status=RunStatus.RUNNING,
                                  heartbeat_at=timezone.now() - dt.timedelta(seconds=30),
                                  work_token="dead")
    assert _sweep() == "No work had stopped.\n"  # 30 seconds is within the 3-minute limit
    assert _sweep("--older-than", "20") == f"Marked failed (match run): {run.pk}\n"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED


@pytest.mark.parametrize("value", ["-1", "-0.5"])
def test_a_negative_limit_is_refused_naming_the_value(value):
    with pytest.raises(CommandError, match=f"--older-than must be 0 or more seconds, not {value}"):
        _sweep("--older-than", value)


def test_the_console_command_lists_it(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "mark-stale-work" in capsys.readouterr().out
