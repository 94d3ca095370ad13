"""The demo built once for a test module: the base demo and the parts built on it."""

from __future__ import annotations

import io
from collections.abc import Callable
from collections.abc import Iterator

import pytest
from django.db import transaction

from talentbridge.demo.generator import build_demo

SEED = 2026


def base_demo_and(django_db_blocker, prepare: Callable[[], object], leaders: int,
                  build_part: Callable) -> Iterator[str]:
    """Build the base demo of ``leaders`` leaders (after ``prepare``) and ``build_part`` on it;
    yield what the part wrote; roll all of it back when the module's tests are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        prepare()
        build_demo(seed=SEED, leaders=leaders)
        out = io.StringIO()
        build_part(SEED, out)
        yield out.getvalue()
        transaction.set_rollback(True)


def built_again(part, state: Callable[[], object], seed: int = SEED) -> str:
    """Build ``part`` (a demo module) again, without reset, and assert that ``state()`` is as it
    was before; what the build said."""
    before = state()
    out = io.StringIO()
    part.build(seed, out)
    assert state() == before
    return out.getvalue()


def demo_fixture(prepare: Callable[[], object], leaders: int, *parts) -> Callable:
    """The module-scoped ``demo`` fixture of a test module: the base demo of ``leaders``
    leaders (after ``prepare``) and each of ``parts`` (demo modules) built on it in turn; its
    value is what they wrote. Assign it to ``demo``."""

    def build_parts(seed: int, out) -> None:
        for part in parts:
            part.build(seed, out)

    @pytest.fixture(scope="module")
    def demo(django_db_setup, django_db_blocker):
        yield from base_demo_and(django_db_blocker, prepare, leaders, build_parts)

    return demo
