"""Fixtures for the insights tests: files stored in a temporary folder, a fresh cache, and a
small hand-made NHS (see workforce.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from .workforce import build_nhs


@pytest.fixture(autouse=True)
def _insights_storage(settings, tmp_path):
    settings.INSIGHTS_STORAGE_DIR = tmp_path / "insights"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def nhs(db):
    return build_nhs()
