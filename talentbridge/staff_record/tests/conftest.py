"""Fixtures for the staff record tests: uploads kept in a temporary folder, and a small NHS
with an organisation administrator (see feeds.py)."""

from __future__ import annotations

import pytest

from .feeds import build_world


@pytest.fixture(autouse=True)
def _staff_record_storage(settings, tmp_path):
    settings.STAFF_RECORD_STORAGE_DIR = tmp_path / "staff-record"


@pytest.fixture
def w(db):
    return build_world()
