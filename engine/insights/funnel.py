"""A fairness funnel: at each stage of a selection (applied, scored, selected, completed, moved
up), how many of each group reached it, their share, and the relative likelihood of reaching it
from the stage before (reference group against comparison group, as WRES indicator 2 compares
White and ethnic minority applicants appointed from shortlisting).

Plain Python (NumPy through the linked disclosure module); no Django. The callers pass
*batches*: the entrants that joined the figures together, in the order they joined (a cohort's
applications when its selection closed, its completions when it finished, its moves up two years
later). The figures after every batch were published in their time, so all of them are
controlled as one linked publication (`engine.insights.linked`):

* every count is shown by the NHS rule (1 to 7 as ``*``, others to the nearest 5, 0 as 0),
  even for England: these are small groups of named applicants;
* the equations an attacker knows are in it: a stage's total is the sum of each dimension's
  groups; each published funnel is the one before plus its batch (whose size per stage the
  attacker knows exactly, and whose groups are never shown); each stage is the one before it
  minus those who dropped out (never shown);
* while any of those hidden quantities (a group's count in one batch, or of those who dropped
  out between two stages, or a hidden count) can be pinned to one value, more is hidden;
* shares come from the shown counts; a relative likelihood is "not calculable: small numbers"
  when any of its four counts is hidden or under 8, and is otherwise worked out from the
  rounded counts.

So differencing two published funnels (before and after a batch; one stage minus the next)
cannot tell anyone a person's group.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

import numpy as np

from .disclosure import MIN_FOR_RATE
from .disclosure import SUPPRESSED
from .disclosure import Shown
from .disclosure import control_count
from .linked import Equations
from .linked import attacker_bounds
from .linked import display
from .linked import protect
from .linked import share_of_shown
from .ratios import Ratio
from .ratios import relative_likelihood


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    #: the stage this one is a step from (None for the first); people in this stage are in it
    of: str | None = None


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    groups: tuple[tuple[str, str], ...]  # (key, label); the last is "not stated or not known"
    reference: str  # group on top of the relative likelihood
    comparison: str


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("ethnicity", "Ethnic group",
              (("white", "White"), ("minority", "Ethnic minority (BME)"),
               ("unknown", "Not stated or not known")), "white", "minority"),
    Dimension("sex", "Sex", (("male", "Male"), ("female", "Female"),
                             ("unknown", "Other or not known")), "male", "female"),
    Dimension("disability", "Disability",
              (("not_disabled", "Not disabled"), ("disabled", "Disabled"),
               ("unknown", "Prefer not to say or not known")), "not_disabled", "disabled"),
)


@dataclass(frozen=True)
class Entrant:
    """One person in one batch: their group in each dimension and the stages they reached in
    this batch. No name is needed."""

    groups: Mapping[str, str]
    stages: frozenset[str]


@dataclass(frozen=True)
class GroupFigure:
    label: str
    count: Shown | None  # None: the dimension is withheld (not shown at all)
    share: float | None  # of the stage's total, from shown counts
    rate: float | None  # reached this stage from the one before, from shown counts


@dataclass(frozen=True)
class StageFigures:
    stage: Stage
    total: Shown
    groups: dict[str, list[GroupFigure]]  # dimension key -> one per group
    likelihood: dict[str, Ratio | None]  # None for the first stage

    def not_calculable(self, dimension: str) -> bool:
        ratio = self.likelihood.get(dimension)
        return ratio is not None and ratio.ratio is None


@dataclass(frozen=True)
class Funnel:
    stages: list[StageFigures]
    dimensions: tuple[Dimension, ...] = DIMENSIONS
    #: dimensions not shown at all: every way of showing them gave someone away (say, when
    #: everyone who applied is in one group, a shown 0 beside the known total tells it)
    withheld: frozenset[str] = frozenset()
    history: list[list[StageFigures]] = field(default_factory=list)  # after each batch


NOT_CALCULABLE = "not calculable: small numbers"


class _Cells:
    """Index of every cell of the linked publication."""

    def __init__(self, stages: Sequence[Stage], dims: Sequence[Dimension], batches: int):
        self.stages, self.dims = list(stages), list(dims)
        self.width = 1 + sum(len(d.groups) for d in dims)  # total + every group
        self.block = len(stages) * self.width
        # cumulative blocks [0, batches), then batch blocks, then drop-out blocks
        self.batches = batches
        self.size = 3 * batches * self.block

    def at(self, kind: int, b: int, s: int, column: int) -> int:
        return (kind * self.batches + b) * self.block + s * self.width + column

    def columns(self, d: int) -> list[int]:
        start = 1 + sum(len(x.groups) for x in self.dims[:d])
        return list(range(start, start + len(self.dims[d].groups)))


CUMULATIVE, BATCH, DROPPED = 0, 1, 2


def _counts(entrants: Sequence[Entrant], stages: Sequence[Stage], dims: Sequence[Dimension]
            ) -> np.ndarray:
    out = np.zeros((len(stages), 1 + sum(len(d.groups) for d in dims)), dtype=np.int64)
    for e in entrants:
        for s, stage in enumerate(stages):
            if stage.key not in e.stages:
                continue
            out[s, 0] += 1
            column = 1
            for d in dims:
                keys = [g for g, _ in d.groups]
                group = e.groups.get(d.key, keys[-1])
                out[s, column + (keys.index(group) if group in keys else len(keys) - 1)] += 1
                column += len(keys)
    return out


def _build(batches: Sequence[Sequence[Entrant]], stages: Sequence[Stage],
           dims: Sequence[Dimension]):
    cells = _Cells(stages, dims, len(batches))
    values = np.zeros(cells.size, dtype=np.int64)
    exact = np.zeros(cells.size, dtype=bool)
    never = np.zeros(cells.size, dtype=bool)
    eqs: list[tuple[int, list[int]]] = []
    index = {st.key: i for i, st in enumerate(stages)}
    running = np.zeros((len(stages), cells.width), dtype=np.int64)
    for b, entrants in enumerate(batches):
        batch = _counts(entrants, stages, dims)
        running = running + batch
        for s, stage in enumerate(stages):
            for c in range(cells.width):
                cum, part = cells.at(CUMULATIVE, b, s, c), cells.at(BATCH, b, s, c)
                values[cum], values[part] = running[s, c], batch[s, c]
                # Every total (of a stage, a batch, those who dropped out) is known to the
                # programme's managers, so the attacker is given it exactly; groups in a batch
                # or among those who dropped out are never shown.
                exact[[cum, part]] = c == 0
                never[part] = c != 0
                previous = [cells.at(CUMULATIVE, b - 1, s, c)] if b else []
                eqs.append((cum, [*previous, part]))
                drop = cells.at(DROPPED, b, s, c)
                exact[drop], never[drop] = c == 0, c != 0
                if stage.of is not None:
                    values[drop] = running[index[stage.of], c] - running[s, c]
                    eqs.append((cells.at(CUMULATIVE, b, index[stage.of], c), [cum, drop]))
            for d in range(len(dims)):
                for kind in (CUMULATIVE, BATCH, DROPPED):
                    eqs.append((cells.at(kind, b, s, 0),
                                [cells.at(kind, b, s, c) for c in cells.columns(d)]))
    if (values < 0).any():
        raise ValueError("a stage holds someone its earlier stage does not")
    return cells, values, exact, never, Equations.from_lists(eqs)


def publish(batches: Sequence[Sequence[Entrant]], stages: Sequence[Stage],
            dims: Sequence[Dimension] = DIMENSIONS) -> Funnel:
    """The controlled funnel after every batch (see the module docstring)."""
    stages = list(stages)
    keys = {s.key for s in stages}
    for s in stages:
        if s.of is not None and s.of not in keys:
            raise ValueError(f'stage "{s.key}" is a step from unknown stage "{s.of}"')
    batches = [list(b) for b in batches if len(b)]
    if not batches:
        return Funnel(_figures(stages, dims, lambda b, s, c: 0)[0], dims)
    # The totals are known exactly, so each dimension is its own publication: what is shown
    # of one tells nothing more about another.
    shown_cells: list[dict[tuple[int, int], Shown | None]] = [{} for _ in batches]
    withheld: set[str] = set()
    column = 1
    for dim in dims:
        cells, values, exact, never, eqs = _build(batches, stages, [dim])
        hidden, pinned = _protected(cells, values, exact, never, eqs)
        if pinned:
            withheld.add(dim.key)
        for b in range(len(batches)):
            for s in range(len(stages)):
                for c in range(cells.width):
                    i = cells.at(CUMULATIVE, b, s, c)
                    v = int(values[i])
                    key = (s, 0 if c == 0 else column + c - 1)
                    withheld_here = pinned and c != 0  # not shown at all, not even "*"
                    shown_cells[b][key] = (None if withheld_here else SUPPRESSED if hidden[i]
                                           else control_count(v))
        column += len(dim.groups)
    history = _figures(stages, dims, lambda b, s, c: shown_cells[b][(s, c)], len(batches))
    return Funnel(history[-1], dims, frozenset(withheld), history)


def _protected(cells: _Cells, values, exact, never, eqs) -> tuple[np.ndarray, bool]:
    """Which cells to hide, and whether the dimension had to be withheld entirely (last
    resort: some group's count could still be pinned, say when everyone is in one group and
    a 0 beside the known total would tell it)."""
    publication = protect(values, exact, eqs, unpublished=never)
    # The totals are known exactly to the attacker whatever is shown, so hiding one protects
    # nothing: they are shown (rounded) and the check below treats them as known.
    hidden = publication.hidden & ~exact
    lo, hi = attacker_bounds(*display(values, exact, hidden, never), eqs)
    if ((lo == hi) & (values > 0) & ~exact).any():
        hidden[~exact & ~never] = True
        return hidden, True
    return hidden, False


def _figures(stages: Sequence[Stage], dims: Sequence[Dimension], shown_at,
             batches: int = 1) -> list[list[StageFigures]]:
    """The figures after each batch, from the shown counts only."""
    return [_figures_of(stages, dims, lambda s, c, b=b: shown_at(b, s, c))
            for b in range(batches)]


def _figures_of(stages: Sequence[Stage], dims: Sequence[Dimension], shown
                ) -> list[StageFigures]:
    index = {st.key: i for i, st in enumerate(stages)}
    out: list[StageFigures] = []
    column = 1
    starts = []
    for d in dims:
        starts.append(column)
        column += len(d.groups)
    for s, stage in enumerate(stages):
        total = shown(s, 0)
        groups: dict[str, list[GroupFigure]] = {}
        likelihood: dict[str, Ratio | None] = {}
        for d, start in zip(dims, starts, strict=True):
            figures = []
            counts = [shown(s, start + k) for k in range(len(d.groups))]
            before = ([shown(index[stage.of], start + k) for k in range(len(d.groups))]
                      if stage.of else None)
            for k, (_, label) in enumerate(d.groups):
                rate = (share_of_shown(counts[k], [before[k]]) if before is not None else None)
                figures.append(GroupFigure(label, counts[k], share_of_shown(counts[k], counts),
                                           rate))
            groups[d.key] = figures
            likelihood[d.key] = (_likelihood(d, counts, before) if before is not None else None)
        out.append(StageFigures(stage, total, groups, likelihood))
    return out


def _likelihood(d: Dimension, counts: list, before: list) -> Ratio:
    keys = [g for g, _ in d.groups]
    top, bottom = keys.index(d.reference), keys.index(d.comparison)
    four = [counts[top], before[top], counts[bottom], before[bottom]]
    if any(v is None or v == SUPPRESSED or int(v) < MIN_FOR_RATE for v in four):
        return Ratio(None, None, None, None, True)
    # The shown counts are already rounded, so the ratio says nothing they do not.
    return relative_likelihood(*(int(v) for v in four))
