"""The event join keyed on a hash of ``person_id`` counts exactly what the plain join
on the ids counts, on tricky inputs (duplicate event rows, ids not in the snapshot,
null ids, look-alike ids), and falls back to the plain join on a hash collision."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from engine.insights import wres
from engine.insights.snapshot import DISABILITY_ENUM, GROUP_ENUM

KEYS = ["__event", "scope", "ethnic_group", "disability"]
IDS = ["P1", "P2", "P10", "p1", " P1", "P1 ", "", "Q7", "P\u00e91"]


def _snapshot(ids: list[str | None], groups: list[str], dis: list[str]) -> pl.LazyFrame:
    return pl.DataFrame(
        {
            "person_id": pl.Series(ids, dtype=pl.String),
            "ethnic_group": pl.Series(groups, dtype=GROUP_ENUM),
            "disability": pl.Series(dis, dtype=DISABILITY_ENUM),
        }
    ).lazy()


def _counts(lf: pl.LazyFrame) -> pl.DataFrame:
    return lf.collect().sort(KEYS, nulls_last=True)


people_rows = st.lists(
    st.tuples(
        st.sampled_from(["entered_formal_process", "accessed_non_mandatory"]),
        st.one_of(st.none(), st.sampled_from(IDS)),
        st.sampled_from(["R1", "R2", "SYS"]),
    ),
    max_size=40,
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    rows=people_rows,
    # a null id in the snapshot is invalid, but must still join nothing
    snap_ids=st.lists(st.one_of(st.none(), st.sampled_from(IDS)), unique=True, max_size=len(IDS)),
    data=st.data(),
    by=st.sampled_from(["org", "system"]),
)
def test_hashed_join_counts_equal_the_plain_join(
    rows: list[tuple[str, str | None, str]],
    snap_ids: list[str | None],
    data: st.DataObject,
    by: str,
) -> None:
    groups = data.draw(
        st.lists(
            st.sampled_from(["white", "minority", "unknown"]),
            min_size=len(snap_ids),
            max_size=len(snap_ids),
        )
    )
    dis = data.draw(
        st.lists(st.sampled_from(["Y", "N", "U"]), min_size=len(snap_ids), max_size=len(snap_ids))
    )
    people = pl.DataFrame(
        rows,
        schema={"__event": pl.String, "person_id": pl.String, "scope": pl.String},
        orient="row",
    ).lazy()
    snap = _snapshot(snap_ids, groups, dis)
    fast = _counts(wres.event_counts_plan(people, snap, by, hashed=True))  # type: ignore[arg-type]
    plain = _counts(wres.event_counts_plan(people, snap, by, hashed=False))  # type: ignore[arg-type]
    assert fast["__collisions"].sum() == 0
    assert_frame_equal(fast, plain)


def test_hashed_join_reports_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Force every id onto one hash: every cross pair collides and is reported.
    monkeypatch.setattr(pl.Expr, "hash", lambda self, *a, **k: pl.lit(7, dtype=pl.UInt64))
    people = pl.DataFrame(
        {"__event": ["e", "e"], "person_id": ["P1", "X9"], "scope": ["R1", "R1"]}
    ).lazy()
    snap = _snapshot(["P1", "P2"], ["white", "minority"], ["N", "Y"])
    counts = wres.event_counts_plan(people, snap, "org", hashed=True).collect()
    assert counts["__collisions"].sum() > 0


def test_wres_report_falls_back_to_the_plain_join_on_a_collision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    staff = pl.DataFrame(
        {
            "person_id": [f"P{i}" for i in range(40)],
            "org_code": ["R1"] * 20 + ["R2"] * 20,
            "band": ["5"] * 40,
            "level": ["5"] * 40,
            "ethnic_group": pl.Series(["white", "minority"] * 20, dtype=GROUP_ENUM),
            "disability": pl.Series(["N", "Y", "U", "N"] * 10, dtype=DISABILITY_ENUM),
        }
    )
    training = pl.DataFrame(
        {
            "person_id": [f"P{i}" for i in range(0, 40, 3)] + ["P0", "NOPE", None],
            "org_code": ["R1"] * 14 + ["R1", "R2", "R2"],
            "accessed_non_mandatory": [True] * 17,
        }
    )
    disciplinary = training.rename({"accessed_non_mandatory": "entered_formal_process"})
    args = (staff, None, disciplinary, training)
    kwargs = {"suppress": False, "include": ["indicator_3", "indicator_4"]}
    expected = wres.wres_report(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(pl.Expr, "hash", lambda self, *a, **k: pl.lit(7, dtype=pl.UInt64))
    collided = wres.wres_report(*args, **kwargs)  # type: ignore[arg-type]
    assert_frame_equal(collided.ratios, expected.ratios)
    assert collided.unmatched == expected.unmatched
    assert expected.unmatched["accessed_non_mandatory"] == 2
