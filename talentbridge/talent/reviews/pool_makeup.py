"""A talent pool's make-up (ethnic group, sex, disability) as figures that give nobody away.

Plain Python over plain counts (no Django), built on the one disclosure module
(`engine.insights.disclosure`: counts 1-7 hidden, others rounded to the nearest 5). The pool's
members are named to its managers, so the HES rule alone is not enough here: a pool of one
shows "White *, Ethnic minority 0" and that is her ethnicity. The rule (ADR 0006 in docs/adr):

1. Make-up is shown only for at least MIN_MEMBERS members; otherwise "Not shown: fewer than
   20 members".
2. It is counted at a fixed date, the first day of the quarter (`as_of`), so approving one
   nomination and reloading the page changes nothing until the next quarter, and then
   together with every other join and exit of that quarter.
3. Each category is shown as a share to the nearest 10%, worked out from rounded counts
   (rounded count / rounded size). A category is shown as "*" when it has 0 to 7 people or
   when all but 0 to 7 of the pool are in it: a zero, or an "everyone", would tell each named
   member something about themselves.
4. If exactly one category of a characteristic is "*", the smallest other one is hidden too,
   so the hidden one cannot be worked out from the pool's size.

Someone who knows the pool's exact size still cannot prove from these figures that any
category is empty or holds everyone (`talentbridge/talent/tests/test_pools_makeup.py` checks
every split of pools of 20 to 100 people).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from engine.insights.disclosure import SMALL_MAX
from engine.insights.disclosure import SUPPRESSED
from engine.insights.disclosure import round5

#: Fewer current members than this (at the make-up date) and the make-up is not shown.
MIN_MEMBERS: Final = 20
#: Shares are shown to the nearest this many per cent.
SHARE_STEP: Final = 10


def as_of(today: dt.date) -> dt.date:
    """The make-up date for `today`: the first day of its quarter (1 January, 1 April,
    1 July, 1 October)."""
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def not_shown_text(minimum: int = MIN_MEMBERS) -> str:
    return f"Not shown: fewer than {minimum} members"


@dataclass(frozen=True)
class Share:
    label: str
    shown: str  # "*" or a share such as "40%", "under 5%", "over 95%"


def share_text(count: int, size: int) -> str:
    """A share to the nearest SHARE_STEP per cent, from the rounded count and rounded size
    (never "0%" or "100%": a category shown has at least 8 people in it and 8 outside it)."""
    percent = 100 * round5(count) / round5(size)
    step = SHARE_STEP * math.floor(percent / SHARE_STEP + 0.5)
    if step <= 0:  # never a "0%" beside named members: at least 8 are in this category
        return f"under {SHARE_STEP // 2}%"
    if step >= 100:  # nor a "100%": at least 8 are not
        return f"over {100 - SHARE_STEP // 2}%"
    return f"{step}%"


def controlled_shares(labels: Sequence[str], counts: Sequence[int]) -> list[Share] | None:
    """One characteristic's categories for display, or None when the pool is too small.

    `counts` are the members in each category (they add up to the pool's size)."""
    if len(labels) != len(counts):
        raise ValueError("one count per label")
    size = sum(counts)
    if size < MIN_MEMBERS:
        return None
    hidden = [c <= SMALL_MAX or size - c <= SMALL_MAX for c in counts]
    if sum(hidden) == 1:
        shown = [i for i, h in enumerate(hidden) if not h]
        hidden[min(shown, key=lambda i: (counts[i], i))] = True
    return [Share(label, SUPPRESSED if h else share_text(c, size))
            for label, c, h in zip(labels, counts, hidden, strict=True)]
