"""The make-up of successor slates against the incumbents and the workforce, by one protected
characteristic, as a table controlled by the disclosure rules (small numbers hidden, others
rounded to 5, secondary suppression; exact for England)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.insights.disclosure import Shown, protect_table


@dataclass(frozen=True)
class MakeupRow:
    population: str
    counts: list[Shown]
    total: Shown
    shares: list[float | None]


def slate_makeup(populations: Mapping[str, Mapping[str, int]], groups: Sequence[str], *,
                 national: bool) -> list[MakeupRow]:
    """``populations``: e.g. {"Successors": {"White": 12, ...}, "Incumbents": {...},
    "Workforce": {...}}; each person counted once in each population. Shares are of the
    population's total, from rounded values, None where hidden or from small numbers."""
    names = list(populations)
    counts = [[int(populations[name].get(group, 0)) for group in groups] for name in names]
    table = protect_table(counts, national=national)
    cells, totals = table.cells, table.row_totals
    return [
        MakeupRow(name, cells[i], totals[i], [table.share(i, j) for j in range(len(groups))])
        for i, name in enumerate(names)
    ]
