"""Start-up checks of the core settings: a mistyped task worker niceness is named."""

from __future__ import annotations

import os

import pytest

from talentbridge.core import work
from talentbridge.core.checks import worker_niceness


@pytest.mark.parametrize("value", ["-1", "20", "abc", "", "2.5", "ten"])
def test_a_mistyped_worker_niceness_is_named_at_start_up(settings, value):
    settings.TALENTBRIDGE_WORKER_NICENESS = value
    errors = worker_niceness(None)
    assert [e.id for e in errors] == ["core.E001"] and f'"{value}"' in errors[0].msg


@pytest.mark.parametrize("value", ["0", "10", "19", " 5 "])
def test_a_worker_niceness_from_0_to_19_starts(settings, value):
    settings.TALENTBRIDGE_WORKER_NICENESS = value
    assert worker_niceness(None) == []


def test_a_worker_niceness_of_0_leaves_the_priority_as_it_was(settings):
    settings.TALENTBRIDGE_WORKER_NICENESS = "0"
    assert work.lower_priority() == os.nice(0)
