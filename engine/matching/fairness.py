"""Who gets proposed? Proposal rates by group, with small-number suppression.

For one grouping (ethnic group, sex, disability, …) and a per-candidate "proposed" flag, each
group gets its size, the number proposed, the proposal rate and the *relative likelihood* of
being proposed compared with a reference group (e.g. ethnic minority vs White, as in the NHS
Workforce Race Equality Standard), with a 95% confidence interval by the log method::

    RR = (a / n1) / (c / n2)
    SE(ln RR) = sqrt(1/a − 1/n1 + 1/c − 1/n2)
    95% CI = exp(ln RR ± 1.96 × SE)

where ``a`` of ``n1`` people in the group and ``c`` of ``n2`` in the reference group were
proposed.

Small numbers are controlled as everywhere below England level, by the NHS Digital (HES)
method in :mod:`engine.insights.disclosure`, on the table of groups × (proposed, not
proposed) with its totals (people considered per group, and proposed / not proposed
overall, which the run shows elsewhere):

* any count from 1 to 7 is shown as ``"*"`` (0 is shown), other counts rounded to the
  nearest 5;
* secondary suppression: no group (row) and no column may have exactly one hidden count,
  and while any hidden count could be worked out by subtraction from what is shown,
  another is hidden;
* a rate is not shown (``None``) when any count behind it (proposed, not proposed, the
  group) is under 8 or hidden; shown rates are worked out from the rounded counts;
* the relative likelihood is not shown (``None``, reason ``"small numbers"``) when any of
  the four cells — proposed and not proposed, in the group and in the reference group — is
  under 8; when shown, it and its interval are worked out from the rounded counts, so they
  tell nothing the rounded counts do not (from the exact counts, the ratio and its two
  bounds would together pin those counts down).

Results are plain dataclasses holding only what may be shown (no hidden raw counts).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import asdict
from dataclasses import dataclass

from engine.insights.disclosure import protect_table
from engine.insights.disclosure import rate_shown
from engine.insights.disclosure import round5

__all__ = [
    "NOT_STATED",
    "SUPPRESS_BELOW",
    "GroupRate",
    "fairness_report",
    "proposal_rates",
]

#: Counts from 1 to SUPPRESS_BELOW − 1 are suppressed.
SUPPRESS_BELOW = 8
SUPPRESSED = "*"
NOT_STATED = "Not stated"
Z_95 = 1.96


@dataclass(frozen=True)
class GroupRate:
    """One group's row, holding only values that may be shown."""

    group: str
    candidates: int | str
    proposed: int | str
    not_proposed: int | str
    rate: float | None
    """Share proposed, 0..1; None when suppressed."""
    is_reference: bool
    relative_likelihood: float | None
    ci_low: float | None
    ci_high: float | None
    note: str | None
    """Why the relative likelihood is not shown ("small numbers", "reference group", …)."""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _small(*cells: int) -> bool:
    return any(cell < SUPPRESS_BELOW for cell in cells)


def proposal_rates(
    labels: Sequence[str | None], proposed: Sequence[bool], reference: str
) -> list[GroupRate]:
    """Rows for each group (reference first, then by name); missing labels are "Not stated".

    No rows when no one was considered, or when the groups are so small that, beside the
    run's totals, some hidden count could be worked out whatever the table hides."""
    if len(labels) != len(proposed):
        raise ValueError("labels and proposed must have one entry per candidate")
    names = [NOT_STATED if label is None or label == "" else str(label) for label in labels]
    if not names:
        return []  # a run with no candidates has no groups to compare
    size = Counter(names)
    hits = Counter(name for name, p in zip(names, proposed, strict=True) if p)
    n2 = size.get(reference, 0)
    c = hits.get(reference, 0)
    groups = sorted(size, key=lambda g: (g != reference, g))
    # The run page shows its proposals and the people it considered whatever this hides.
    table = protect_table(
        [[hits.get(g, 0), size[g] - hits.get(g, 0)] for g in groups], totals_published=True
    )
    if not table.sound:
        return []  # some hidden count could be pinned down whatever is hidden: show nothing
    shown = table.shown()

    rows = []
    for i, group in enumerate(groups):
        n1, a = size[group], hits.get(group, 0)
        miss = n1 - a
        rr = low = high = None
        note: str | None
        if group == reference:
            note = "reference group"
        elif n2 == 0:
            note = f"no one in the reference group ({reference})"
        elif _small(a, miss, c, n2 - c):
            note = "small numbers"
        else:
            a_, n1_, c_, n2_ = round5(a), round5(n1), round5(c), round5(n2)
            rr = (a_ / n1_) / (c_ / n2_)
            se = math.sqrt(1 / a_ - 1 / n1_ + 1 / c_ - 1 / n2_)
            low = math.exp(math.log(rr) - Z_95 * se)
            high = math.exp(math.log(rr) + Z_95 * se)
            note = None
        rate_hidden = table.hidden[i].any() or not rate_shown(a, miss, n1)
        rows.append(
            GroupRate(
                group=group,
                candidates=shown[i][2],
                proposed=shown[i][0],
                not_proposed=shown[i][1],
                rate=None if rate_hidden else round5(a) / round5(n1),
                is_reference=group == reference,
                relative_likelihood=rr,
                ci_low=low,
                ci_high=high,
                note=note,
            )
        )
    return rows


def fairness_report(
    proposed: Sequence[bool],
    groupings: Mapping[str, Sequence[str | None]],
    references: Mapping[str, str],
) -> dict[str, list[GroupRate]]:
    """:func:`proposal_rates` for several groupings, e.g. ``{"ethnic_group": [...], ...}``."""
    return {
        name: proposal_rates(labels, proposed, references[name])
        for name, labels in groupings.items()
    }
