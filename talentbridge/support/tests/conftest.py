"""Fixtures for the support tests: `w`, the support world (factories.support_world). A test
module that needs a different world defines its own `w`, which takes precedence."""

from __future__ import annotations

import pytest

from talentbridge.support.tests.factories import support_world


@pytest.fixture
def w():
    return support_world()
