"""Differencing attacks on the fairness funnel: before and after one applicant is added, and
one stage minus the next, must not tell anyone a person's group."""

from __future__ import annotations

import random

from engine.insights.disclosure import SUPPRESSED
from engine.insights.disclosure import round5
from engine.insights.funnel import DIMENSIONS
from engine.insights.funnel import Entrant
from engine.insights.funnel import Stage
from engine.insights.funnel import publish

STAGES = [Stage("applied", "Applied"), Stage("scored", "Scored", of="applied"),
          Stage("selected", "Selected", of="scored")]
GROUPS = {d.key: [g for g, _ in d.groups] for d in DIMENSIONS}


def interval(shown) -> tuple[int, int]:
    """What one shown count tells: a * is at least 1 (a count of 1 to 7, or one hidden beside
    it), a rounded v is v-2 to v+2 (and at least 8)."""
    if shown is None:  # a withheld dimension: nothing shown
        return 0, 10**6
    if shown == SUPPRESSED:
        return 1, 10**6
    if shown == 0:
        return 0, 0
    return max(shown - 2, 8), shown + 2


def bounds(shown: list, total: int) -> list[tuple[int, int]]:
    """Each group's bounds from what is shown and the stage's total (known exactly)."""
    raw = [interval(v) for v in shown]
    out = []
    for k, (lo, hi) in enumerate(raw):
        others_lo = sum(r[0] for j, r in enumerate(raw) if j != k)
        others_hi = sum(r[1] for j, r in enumerate(raw) if j != k)
        out.append((max(lo, total - others_hi), min(hi, total - others_lo)))
    return out


def person(rng: random.Random) -> Entrant:
    reached = rng.choice([("applied",), ("applied", "scored"),
                          ("applied", "scored", "selected")])
    return Entrant({d: rng.choice(g[:2] if rng.random() < 0.9 else g) for d, g in
                    GROUPS.items()}, frozenset(reached))


def group_counts(history, b: int, s: int, dimension: str, totals) -> list[tuple[int, int]]:
    return bounds([g.count for g in history[b][s].groups[dimension]], totals[b][s])


def pinned_by_differencing(history, batches) -> list[str]:
    """Every group's count that the shown figures and the known totals pin to one value,
    among the people added in one batch, or those who dropped out between two stages
    (that all, or none, of the one applicant added are in a group tells their group)."""
    totals = [[sum(1 for batch in batches[:b + 1] for e in batch if st.key in e.stages)
               for st in STAGES] for b in range(len(batches))]
    added = [[sum(1 for e in batch if st.key in e.stages) for st in STAGES]
             for batch in batches]
    found = []
    for dimension in GROUPS:
        for b in range(len(batches)):
            for s in range(len(STAGES)):
                now = group_counts(history, b, s, dimension, totals)
                before = group_counts(history, b - 1, s, dimension, totals) if b else None
                for k, (lo, hi) in enumerate(now):
                    if before is not None:
                        lo, hi = lo - before[k][1], hi - before[k][0]
                    lo, hi = max(lo, 0), min(hi, added[b][s])
                    if lo == hi and added[b][s] and lo > 0:
                        found.append(f"batch {b} stage {s} {dimension} group {k} = {lo}")
                if s:
                    earlier = group_counts(history, b, s - 1, dimension, totals)
                    dropped = totals[b][s - 1] - totals[b][s]
                    for k, (lo, hi) in enumerate(now):
                        d_lo = max(earlier[k][0] - hi, 0)
                        d_hi = min(earlier[k][1] - lo, dropped)
                        if d_lo == d_hi and d_lo > 0:
                            found.append(f"dropped at {b} {s} {dimension} group {k} = {d_lo}")
    return found


def populations(seed: int):
    rng = random.Random(seed)
    base = [person(rng) for _ in range(rng.randint(8, 40))]
    added = [person(rng)]  # one applicant added
    return [base, added]


def test_one_applicant_added_or_a_stage_minus_the_next_pins_no_group():
    for seed in range(120):
        batches = populations(seed)
        funnel = publish(batches, STAGES)
        assert not pinned_by_differencing(funnel.history, batches), seed


def plain_rounding(batches):
    """The loosened control: each published funnel rounded on its own, no linking."""
    history = []
    running: list[Entrant] = []
    for batch in batches:
        running = running + list(batch)
        figures = []
        for stage in STAGES:
            groups = {}
            for d, keys in GROUPS.items():
                counts = [sum(1 for e in running if stage.key in e.stages and e.groups[d] == k)
                          for k in keys]
                shown = [0 if n == 0 else SUPPRESSED if n <= 7 else round5(n) for n in counts]
                groups[d] = [type("G", (), {"count": v}) for v in shown]
            figures.append(type("S", (), {"groups": groups}))
        history.append(figures)
    return history


def test_the_attacker_finds_groups_when_the_control_is_loosened():
    hits = 0
    for seed in range(120):
        batches = populations(seed)
        hits += bool(pinned_by_differencing(plain_rounding(batches), batches))
    assert hits > 0
