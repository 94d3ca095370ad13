"""The event joins keyed on a hash of ``person_id`` or on the stored exact integer keys
count exactly what the plain join on the ids counts, on tricky inputs (duplicate event
rows, ids not in the snapshot, null ids, look-alike ids); the hashed join falls back to
the plain join on a hash collision; and the integer keys never give two ids one key."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from engine.insights import snapshot
from engine.insights import wres
from engine.insights.snapshot import DISABILITY_ENUM
from engine.insights.snapshot import GROUP_ENUM
from engine.insights.snapshot import PERSON_KEY_ALPHABET
from engine.insights.snapshot import person_keys

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


def _drawn(
    rows: list[tuple[str, str | None, str]],
    snap_ids: list[str],
    data: st.DataObject,
    groups: list[str],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The people of ``rows`` and a snapshot of ``snap_ids`` with drawn groups."""
    n = len(snap_ids)
    drawn = data.draw(st.lists(st.sampled_from(groups), min_size=n, max_size=n))
    dis = data.draw(st.lists(st.sampled_from(["Y", "N", "U"]), min_size=n, max_size=n))
    people = pl.DataFrame(
        rows,
        schema={"__event": pl.String, "person_id": pl.String, "scope": pl.String},
        orient="row",
    )
    return people, _snapshot(snap_ids, drawn, dis).collect()  # type: ignore[arg-type]


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
    fast = _counts(wres.event_counts_plan(people, snap, by, join="hashed"))  # type: ignore[arg-type]
    plain = _counts(wres.event_counts_plan(people, snap, by, join="person_id"))  # type: ignore[arg-type]
    assert fast["__collisions"].sum() == 0
    assert_frame_equal(fast, plain)


def test_hashed_join_reports_collisions(monkeypatch: pytest.MonkeyPatch) -> None:
    # Force every id onto one hash: every cross pair collides and is reported.
    monkeypatch.setattr(pl.Expr, "hash", lambda self, *a, **k: pl.lit(7, dtype=pl.UInt64))
    people = pl.DataFrame(
        {"__event": ["e", "e"], "person_id": ["P1", "X9"], "scope": ["R1", "R1"]}
    ).lazy()
    snap = _snapshot(["P1", "P2"], ["white", "minority"], ["N", "Y"])
    counts = wres.event_counts_plan(people, snap, "org", join="hashed").collect()
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


# --- exact integer keys (stored snapshots and event files) ---------------------------

KEYABLE = st.text(alphabet=PERSON_KEY_ALPHABET, min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(KEYABLE, min_size=1, max_size=60, unique=True))
def test_person_keys_never_give_two_ids_one_key(ids: list[str]) -> None:
    keys = person_keys(pl.Series(ids))
    assert keys is not None
    assert keys.n_unique() == len(ids)


@pytest.mark.parametrize(
    "ids",
    [
        ["P1", "p1"],  # lower case is outside the alphabet
        ["P1", "P 1"],
        ["P1", "ABCDEFGHIJKLM"],  # 13 characters
        ["P1", "P\u00e91"],
        ["P1", ""],
        ["P1", None],
        [],
    ],
)
def test_ids_without_an_exact_key_give_no_keys(ids: list[str | None]) -> None:
    assert person_keys(pl.Series(ids, dtype=pl.String)) is None


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["entered_formal_process", "accessed_non_mandatory"]),
            st.sampled_from(["P1", "P2", "P10", "Q7", "P01", "1P"]),
            st.sampled_from(["R1", "R2", "SYS"]),
        ),
        min_size=1,
        max_size=40,
    ),
    snap_ids=st.lists(st.sampled_from(["P1", "P2", "P10", "Q7", "P01"]), min_size=1, unique=True),
    data=st.data(),
    by=st.sampled_from(["org", "system"]),
)
def test_key_join_counts_equal_the_plain_join(
    rows: list[tuple[str, str, str]], snap_ids: list[str], data: st.DataObject, by: str
) -> None:
    people, snap = _drawn(rows, snap_ids, data, ["white", "minority"])
    keyed_people = snapshot.with_person_key(people).drop("person_id").lazy()
    keyed_snap = snapshot.with_person_key(snap).drop("person_id").lazy()
    assert "person_key" in keyed_people.collect_schema()
    fast = _counts(wres.event_counts_plan(keyed_people, keyed_snap, by, join="person_key"))  # type: ignore[arg-type]
    plain = _counts(wres.event_counts_plan(people.lazy(), snap.lazy(), by, join="person_id"))  # type: ignore[arg-type]
    assert_frame_equal(fast, plain)
    if by == "org":
        # people repeated within an organisation are counted once, after the join
        distinct = wres.event_counts_plan(
            keyed_people, keyed_snap, "org", join="person_key", count_distinct=True
        )
        once = wres.event_counts_plan(people.unique().lazy(), snap.lazy(), "org", join="person_id")
        assert_frame_equal(_counts(distinct), _counts(once))


def test_count_distinct_needs_exact_keys_by_organisation() -> None:
    people = pl.LazyFrame({"__event": [0], "person_id": ["P1"], "scope": ["R1"]})
    snap = _snapshot(["P1"], ["white"], ["N"])
    with pytest.raises(ValueError, match="count_distinct"):
        wres.event_counts_plan(people, snap, "org", join="hashed", count_distinct=True)


def _stored_world(tmp_path, ids: list[str]) -> tuple[object, ...]:
    n = len(ids)
    staff = pl.DataFrame(
        {
            "person_id": ids,
            "org_code": ["R1"] * (n // 2) + ["R2"] * (n - n // 2),
            "band": ["5"] * n,
            "level": ["5"] * n,
            "ethnic_group": pl.Series(
                ["white", "minority", "unknown"] * (n // 3) + ["white"] * (n % 3), dtype=GROUP_ENUM
            ),
            "disability": pl.Series(
                ["N", "Y", "U", "N"] * (n // 4) + ["N"] * (n % 4), dtype=DISABILITY_ENUM
            ),
        }
    )
    training = pl.DataFrame(
        {
            "person_id": ids[::3] + [ids[0], "NOPE"],
            "org_code": ["R1"] * len(ids[::3]) + ["R2", "R2"],
            # everyone but the second person had the event
            "accessed_non_mandatory": [i != 1 for i in range(len(ids[::3]) + 2)],
        }
    )
    disciplinary = training.rename({"accessed_non_mandatory": "entered_formal_process"})
    paths = {}
    for name, frame in (
        ("snapshot", staff),
        ("training", training),
        ("disciplinary", disciplinary),
    ):
        paths[name] = tmp_path / f"{name}.parquet"
        snapshot.write_events_parquet(frame, paths[name])
    return staff, training, disciplinary, paths


@pytest.mark.parametrize("by", ["org", "england"])
@pytest.mark.parametrize("ids", [[f"E{i:08d}" for i in range(60)], [f"e{i}" for i in range(60)]])
def test_wres_from_stored_files_equals_wres_from_frames(tmp_path, by: str, ids: list[str]) -> None:
    staff, training, disciplinary, paths = _stored_world(tmp_path, ids)
    # upper-case ids are stored with exact keys; lower-case ones are not (hashed join)
    keyed = ids[0].isupper()
    assert ("person_key" in pl.read_parquet_schema(paths["snapshot"])) is keyed
    kwargs = {
        "by": by,
        "suppress": False,
        "include": ["indicator_3", "indicator_4", "wdes_metric_3"],
    }
    stored = wres.wres_report(
        paths["snapshot"],
        None,
        pl.scan_parquet(paths["disciplinary"]),
        pl.scan_parquet(paths["training"]),
        **kwargs,  # type: ignore[arg-type]
    )
    direct = wres.wres_report(staff, None, disciplinary, training, **kwargs)  # type: ignore[arg-type]
    assert_frame_equal(stored.ratios, direct.ratios)
    assert (
        stored.unmatched
        == direct.unmatched
        == {"entered_formal_process": 1, "accessed_non_mandatory": 1}
    )


def test_a_keyed_snapshot_with_unkeyed_events_joins_on_the_ids(tmp_path) -> None:
    staff, training, disciplinary, paths = _stored_world(tmp_path, [f"E{i}" for i in range(30)])
    kwargs = {"suppress": False, "include": ["indicator_4"]}
    # events kept in memory without keys: the stored keys of the snapshot are not used
    mixed = wres.wres_report(paths["snapshot"], None, None, training, **kwargs)  # type: ignore[arg-type]
    direct = wres.wres_report(staff, None, None, training, **kwargs)  # type: ignore[arg-type]
    assert_frame_equal(mixed.ratios, direct.ratios)


# --- snapshots sorted by id (positions by binary search, keys merged) ------------------


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    rows=people_rows,
    snap_ids=st.lists(st.sampled_from(IDS), unique=True, min_size=1, max_size=len(IDS)),
    data=st.data(),
    by=st.sampled_from(["org", "system"]),
)
def test_counts_by_position_in_sorted_ids_equal_the_plain_join(
    rows: list[tuple[str, str | None, str]], snap_ids: list[str], data: st.DataObject, by: str
) -> None:
    people, staff = _drawn(rows, sorted(snap_ids), data, ["white", "minority", "unknown"])
    # by organisation people may be listed twice; rolled up they come distinct
    given_people = people if by == "org" else people.unique()
    found = wres.counts_by_position(given_people, staff, by, columns=["ethnic_group", "disability"])  # type: ignore[arg-type]
    assert found is not None
    plain = wres.event_counts_plan(people.unique().lazy(), staff.lazy(), by, join="person_id")  # type: ignore[arg-type]
    assert_frame_equal(found.sort(KEYS, nulls_last=True), _counts(plain))


@pytest.mark.parametrize(
    "ids", [["P2", "P1"], ["P1", "P1"], ["P1", None], []], ids=["unsorted", "twice", "null", "none"]
)
def test_counts_by_position_needs_strictly_increasing_ids(ids: list[str | None]) -> None:
    staff = _snapshot(ids, ["white"] * len(ids), ["N"] * len(ids)).collect()
    people = pl.DataFrame({"__event": ["e"], "person_id": ["P1"], "scope": ["R1"]})
    assert wres.counts_by_position(people, staff, "org", columns=["ethnic_group"]) is None


@settings(max_examples=200, deadline=None)
@given(
    keys=st.lists(st.integers(0, 30), min_size=1, unique=True),
    wanted=st.lists(st.tuples(st.integers(0, 40), st.sampled_from(["R1", "R2"])), max_size=30),
)
def test_keys_merged_when_sorted_equal_keys_hashed(
    keys: list[int], wanted: list[tuple[int, str]]
) -> None:
    staff = pl.DataFrame(
        {
            "person_key": pl.Series(sorted(keys), dtype=pl.UInt64),
            "ethnic_group": pl.Series(
                [("white", "minority", "unknown")[k % 3] for k in sorted(keys)], dtype=GROUP_ENUM
            ),
        }
    )
    people = pl.DataFrame(
        {
            "__event": [0] * len(wanted),
            "person_key": pl.Series([k for k, _ in wanted], dtype=pl.UInt64),
            "scope": [s for _, s in wanted],
        }
    ).sort("person_key")
    assert wres.sorted_by_key(staff).get_column("person_key").flags["SORTED_ASC"]
    merged = wres.event_counts_plan(
        people.lazy(),
        wres.sorted_by_key(staff).lazy(),
        "org",
        join="person_key",
        columns=["ethnic_group"],
        count_distinct=True,
    ).collect()
    hashed = wres.event_counts_plan(
        people.lazy(),
        staff.lazy(),
        "org",
        join="person_key",
        columns=["ethnic_group"],
        count_distinct=True,
    ).collect()
    by = ["__event", "scope", "ethnic_group"]
    assert_frame_equal(merged.sort(by, nulls_last=True), hashed.sort(by, nulls_last=True))


def test_a_snapshot_is_stored_sorted_by_key_and_an_unsorted_one_reads_the_same(tmp_path) -> None:
    ids = [f"E{i:04d}" for i in range(60)]
    staff, training, disciplinary, paths = _stored_world(tmp_path, ids[::-1])
    summary = snapshot.write_parquet(staff, tmp_path / "sorted.parquet")
    stored = pl.read_parquet(summary.path)
    assert stored.get_column("person_id").to_list() == ids
    # a snapshot stored before sorting (written as it came) gives the same figures
    kwargs = {"suppress": False, "include": ["indicator_3", "indicator_4", "wdes_metric_3"]}
    events = (None, pl.scan_parquet(paths["disciplinary"]), pl.scan_parquet(paths["training"]))
    as_came = wres.wres_report(paths["snapshot"], *events, **kwargs)  # type: ignore[arg-type]
    in_order = wres.wres_report(summary.path, *events, **kwargs)  # type: ignore[arg-type]
    assert pl.read_parquet(paths["snapshot"]).get_column("person_id").to_list() == ids[::-1]
    assert_frame_equal(as_came.ratios, in_order.ratios)
    assert as_came.unmatched == in_order.unmatched
