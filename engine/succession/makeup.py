"""The make-up of successor slates against the incumbents and the workforce, by one protected
characteristic, as a table controlled by the disclosure rules (small numbers hidden, others
rounded to 5, secondary suppression; exact for England).

Successors are named to a plan's owners, so below England a population of fewer than
``MIN_POPULATION`` people is not shown at all (as for talent pools): otherwise a slate of one
would show that person's ethnicity."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass

from engine.insights.disclosure import SUPPRESSED
from engine.insights.disclosure import Shown
from engine.insights.disclosure import protect_table

MIN_POPULATION = 20


@dataclass(frozen=True)
class MakeupRow:
    population: str
    counts: list[Shown]
    total: Shown
    shares: list[float | None]
    shown: bool = True


def slate_makeup(populations: Mapping[str, Mapping[str, int]], groups: Sequence[str], *,
                 national: bool) -> list[MakeupRow]:
    """``populations``: e.g. {"Successors": {"White": 12, ...}, "Incumbents": {...},
    "Workforce": {...}}; each person counted once in each population. Shares are of the
    population's total, from rounded values, None where hidden or from small numbers."""
    names = list(populations)
    counts = [[int(populations[name].get(group, 0)) for group in groups] for name in names]
    table = protect_table(counts, national=national)
    cells, totals = table.cells, table.row_totals
    rows = []
    for i, name in enumerate(names):
        if not national and sum(counts[i]) < MIN_POPULATION:
            rows.append(MakeupRow(name, [SUPPRESSED] * len(groups), SUPPRESSED,
                                  [None] * len(groups), shown=False))
            continue
        rows.append(MakeupRow(name, cells[i], totals[i],
                              [table.share(i, j) for j in range(len(groups))]))
    return rows
