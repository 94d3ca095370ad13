"""The ``add_rows`` functions of `assert_flat` tests (talentbridge.core.tests.queries), made
one row at a time.

    _numbers = itertools.count(1)

    @adds_rows(_numbers)
    def add_trusts(w, number):
        make_org(f"T{number:04d}", w.system)

    assert_flat(client, "/organisations/", add_trusts(w))

``add_trusts(w)`` is the ``add_rows(n)`` that runs the decorated body ``n`` times, each time
with the next of ``numbers`` as ``number`` (one counter a module, so the codes and names its
``add_rows`` make never repeat).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Iterator


def adds_rows(numbers: Iterator[int]):
    """Turn ``make_row(*args, number=...)``, which adds one row, into ``make_rows(*args)``,
    which returns the ``add_rows(n)`` that adds ``n`` of them, numbered from ``numbers``."""
    def decorate(make_row: Callable[..., object]) -> Callable[..., Callable[[int], None]]:
        @functools.wraps(make_row)
        def make_rows(*args, **kwargs) -> Callable[[int], None]:
            def add(n: int) -> None:
                for _ in range(n):
                    make_row(*args, number=next(numbers), **kwargs)
            return add
        return make_rows
    return decorate
