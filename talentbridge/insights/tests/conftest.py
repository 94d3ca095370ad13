"""Fixtures for the insights tests: files stored in a temporary folder, a fresh cache, and a
small hand-made NHS (see workforce.py)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from .workforce import build_nhs


def _router_in_project_api() -> bool:
    """Does talentbridge/config/api.py register the insights router yet? (Decided before
    tests/urls.py, which mounts it for the tests when it does not, is imported.)"""
    from talentbridge.config.api import api
    from talentbridge.insights.api import router

    return any(r is router for _prefix, r in api._routers)


ROUTER_IN_PROJECT_API = _router_in_project_api()


@pytest.fixture(autouse=True)
def _insights_storage(settings, tmp_path):
    settings.INSIGHTS_STORAGE_DIR = tmp_path / "insights"
    if not ROUTER_IN_PROJECT_API:
        settings.ROOT_URLCONF = "talentbridge.insights.tests.urls"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def nhs(db):
    return build_nhs()
