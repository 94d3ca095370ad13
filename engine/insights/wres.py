"""WRES indicators 1-4 and 9 and WDES metrics 1-3 from a snapshot and event files.

Definitions (NHS England WRES / WDES technical guidance, as summarised in the project's
domain notes):

* WRES 1: % of staff in each AfC band / medical grade / VSM by ethnicity vs the overall
  workforce. Not stated / not known (Z, 99) are excluded from shares.
* WRES 2: relative likelihood of White applicants being appointed from shortlisting
  compared with ethnic-minority applicants: (appointed_W / shortlisted_W) /
  (appointed_BME / shortlisted_BME).
* WRES 3: relative likelihood of ethnic-minority staff entering the formal disciplinary
  process compared with White staff: (entered_BME / headcount_BME) /
  (entered_W / headcount_W). Denominators are the snapshot headcount.
* WRES 4: relative likelihood of White staff accessing non-mandatory training and CPD
  compared with ethnic-minority staff.
* WRES 9: board ethnic-minority % minus workforce ethnic-minority % (percentage points).
* WDES 1: representation by band, disabled / not disabled / unknown.
* WDES 2: non-disabled / disabled, appointment from shortlisting.
* WDES 3: disabled / non-disabled, entering the formal capability (here: disciplinary
  file) process.

Disciplinary and training files count distinct people; their ethnicity and disability
come from the snapshot (joined on ``person_id``); people not in the snapshot are
counted in ``unmatched`` and left out. Every figure is computed for all scopes at once
(one group-by per input), then optionally disclosure-controlled for display.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import Final
from typing import Literal

import polars as pl

from . import codes
from . import disclosure
from . import pipeline
from . import ratios
from .pipeline import By
from .pipeline import SnapshotLike
from .snapshot import PERSON_KEY
from .snapshot import read_snapshot

ALL_INDICATORS: Final = (
    "indicator_1",
    "indicator_2",
    "indicator_3",
    "indicator_4",
    "indicator_9",
    "wdes_metric_1",
    "wdes_metric_2",
    "wdes_metric_3",
)
RATIO_NAMES: Final = ("indicator_2", "indicator_3", "indicator_4", "wdes_metric_2", "wdes_metric_3")
#: figures that need the staff aggregate (the others only need the recruitment file)
STAFF_FIGURES: Final = frozenset(
    {"indicator_1", "indicator_3", "indicator_4", "indicator_9", "wdes_metric_1", "wdes_metric_3"}
)
WRES_BANDS: Final[tuple[str, ...]] = (*codes.AFC_BANDS, codes.VSM, *codes.MEDICAL_GRADES)


#: The four counts behind a relative-likelihood ratio: events and totals of both groups.
RATIO_COUNTS: Final = ("top_events", "top_total", "bottom_events", "bottom_total")
#: The four counts behind indicator 9.
BOARD_COUNTS: Final = ("board_minority", "board_known", "workforce_minority", "workforce_known")


def _empty_table(
    text: Sequence[str], counts: Sequence[str], figures: Sequence[str], flags: Sequence[str] = ()
) -> pl.DataFrame:
    """A table with no rows and these columns, in this order: ``text`` (String),
    ``counts`` (Int64), ``figures`` (Float64) and ``flags`` (Boolean)."""
    dtypes = ((text, pl.String), (counts, pl.Int64), (figures, pl.Float64), (flags, pl.Boolean))
    return pl.DataFrame(schema={name: dtype for names, dtype in dtypes for name in names})


#: What a figure that was not asked for comes back as.
EMPTY_REPRESENTATION: Final = _empty_table(
    ("scope", "level", "category"), ("headcount", "level_headcount", "known_headcount"), ("share",)
)
EMPTY_INDICATOR_9: Final = _empty_table(
    ("scope",), BOARD_COUNTS, ("board_pct", "workforce_pct", "difference_pp"), ("suppressed",)
)
EMPTY_RATIOS: Final = _empty_table(
    ("scope", "indicator"), RATIO_COUNTS, ("ratio", "ci_low", "ci_high"), ("flag", "suppressed")
)


@dataclass
class WresReport:
    """All figures, unrounded, as frames with a ``scope`` column."""

    by: By
    indicator_1: pl.DataFrame
    wdes_metric_1: pl.DataFrame
    ratios: pl.DataFrame  # scope, indicator, top/bottom events & totals, ratio, CI, flag
    indicator_9: pl.DataFrame
    unmatched: dict[str, int]

    @property
    def national(self) -> bool:
        return self.by == "england"


def _events_frame(events: pl.DataFrame | pl.LazyFrame | None) -> pl.LazyFrame | None:
    if events is None:
        return None
    return events.lazy() if isinstance(events, pl.DataFrame) else events


def _pivot_counts(
    lf: pl.LazyFrame, dim: str, top: str, bottom: str, events: str, total: str
) -> pl.LazyFrame:
    """From (scope, dim, events, total) rows to one row per scope with top/bottom columns."""
    d = pl.col(dim).cast(pl.String)
    return lf.group_by("scope").agg(
        pl.col(events).filter(d == top).sum().alias("top_events"),
        pl.col(total).filter(d == top).sum().alias("top_total"),
        pl.col(events).filter(d == bottom).sum().alias("bottom_events"),
        pl.col(total).filter(d == bottom).sum().alias("bottom_total"),
    )


def wres_report(
    snapshot: SnapshotLike,
    recruitment: pl.DataFrame | pl.LazyFrame | None = None,
    disciplinary: pl.DataFrame | pl.LazyFrame | None = None,
    training: pl.DataFrame | pl.LazyFrame | None = None,
    *,
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
    suppress: bool = True,
    include: Collection[str] | None = None,
) -> WresReport:
    """Compute every indicator for every scope.

    ``suppress`` hides ratios with any count under 8 (never for ``by="england"``).
    ``include`` limits the work to some of ``indicator_1..4``, ``indicator_9`` and
    ``wdes_metric_1..3`` (default: all); skipped ones come back empty.
    """
    events = (recruitment, disciplinary, training)
    options = dict(by=by, orgs=orgs, org_map=org_map, suppress=suppress, include=include)
    report, _ = _report(snapshot, *events, **options, extra_key=None)
    return report


def pipeline_and_wres(
    snapshot: SnapshotLike,
    recruitment: pl.DataFrame | pl.LazyFrame | None = None,
    disciplinary: pl.DataFrame | pl.LazyFrame | None = None,
    training: pl.DataFrame | pl.LazyFrame | None = None,
    *,
    dimension: pipeline.Dimension = "ethnicity",
    levels: Sequence[str] | Literal["senior", "band"] = "senior",
    by: By = "org",
    orgs: Collection[str] | None = None,
    org_map: pl.DataFrame | None = None,
    suppress: bool = True,
    include: Collection[str] | None = None,
) -> tuple[pl.DataFrame, WresReport]:
    """:func:`pipeline.representation` and :func:`wres_report` together, sharing work.

    The same two results as calling both (same arguments), but the staff rows are
    grouped once for both and everything runs in one ``collect_all``, so a Parquet
    path is scanned once, reading only the columns needed.
    """
    column = pipeline.DIMENSIONS[dimension][0]
    events = (recruitment, disciplinary, training)
    options = dict(by=by, orgs=orgs, org_map=org_map, suppress=suppress, include=include)
    report, base = _report(snapshot, *events, **options, extra_key=column)
    table = pipeline.from_counts(
        base.select(
            "scope",
            "level",
            pl.col(column).alias("category"),
            pl.col("n").alias("headcount"),
        ),
        dimension,
        levels=levels,
    )
    return table, report


def _report(
    snapshot: SnapshotLike,
    recruitment: pl.DataFrame | pl.LazyFrame | None,
    disciplinary: pl.DataFrame | pl.LazyFrame | None,
    training: pl.DataFrame | pl.LazyFrame | None,
    *,
    by: By,
    orgs: Collection[str] | None,
    org_map: pl.DataFrame | None,
    suppress: bool,
    include: Collection[str] | None,
    extra_key: str | None,
) -> tuple[WresReport, pl.DataFrame]:
    """:func:`wres_report` plus the staff aggregate (``scope, band, level,
    ethnic_group[, disability][, extra_key], n``, disability when a WDES figure is
    wanted); with ``extra_key`` the aggregate is always computed."""
    wanted = set(include) if include is not None else set(ALL_INDICATORS)
    snap = read_snapshot(snapshot)
    if orgs is not None:
        snap = snap.filter(pl.col("org_code").is_in(sorted(orgs)))
    hide = suppress and by != "england"
    base_plan = _staff_plan(pipeline.add_scope(snap, by, org_map), wanted, extra_key)
    plans = _recruitment_plans(recruitment, wanted, by, orgs, org_map)
    events = _person_events(snap, disciplinary, training, wanted, by, orgs, org_map)

    names = list(plans)
    collected = pl.collect_all([base_plan, *plans.values(), *events.plans])
    base = collected[0]
    pivoted = dict(zip(names, collected[1 : 1 + len(names)], strict=True))
    event_counts = (
        _event_counts(events, events.counted(collected[1 + len(names) :], by), snap, by)
        if events.plans
        else {}
    )
    unmatched = {
        col: int(df.filter(pl.col("ethnic_group").is_null()).get_column("events").sum())
        for col, df in event_counts.items()
    }
    done = _staff_tables(base, event_counts, events.staff_ratios, wanted)
    ind1 = done.pop("indicator_1", EMPTY_REPRESENTATION)
    wdes1 = done.pop("wdes_metric_1", EMPTY_REPRESENTATION)
    pivoted |= done

    order = (*names, *(n for n, _, _ in events.staff_ratios))
    ratio_frame = _ratio_frame([(name, pivoted[name]) for name in order], hide)
    ind9 = _indicator_9(base, hide) if "indicator_9" in wanted else EMPTY_INDICATOR_9
    return WresReport(by, ind1, wdes1, ratio_frame, ind9, unmatched), base


def _staff_plan(staff: pl.LazyFrame, wanted: set[str], extra_key: str | None) -> pl.LazyFrame:
    """Plan the one group-by of the staff rows every snapshot-only figure comes from."""
    # Every snapshot-only figure (indicators 1 and 9, WDES 1, the headcount
    # denominators of indicators 3 and 4 and WDES 3) comes from ONE group-by of the
    # staff rows on small keys; the event files are counted in the same collect_all.
    # (disability only when a WDES figure needs it: a third fewer groups without)
    disability = bool(wanted & {"wdes_metric_1", "wdes_metric_3"})
    keys = ["scope", "band", "level", "ethnic_group", *(["disability"] if disability else [])]
    if extra_key is not None and extra_key not in keys:
        keys.append(extra_key)
    base_plan = staff.group_by(keys).agg(pl.len().alias("n"))
    if extra_key is None and not wanted & STAFF_FIGURES:
        base_plan = base_plan.clear()
    return base_plan


def _recruitment_plans(
    recruitment: pl.DataFrame | pl.LazyFrame | None,
    wanted: set[str],
    by: By,
    orgs: Collection[str] | None,
    org_map: pl.DataFrame | None,
) -> dict[str, pl.LazyFrame]:
    """Plan the appointment-from-shortlisting tables (WRES 2, WDES 2) wanted."""
    plans: dict[str, pl.LazyFrame] = {}
    rec = _events_frame(recruitment)
    if rec is None:
        return plans
    rec = pipeline.add_scope(
        rec.filter(pl.col("org_code").is_in(sorted(orgs))) if orgs is not None else rec,
        by,
        org_map,
    ).filter(pl.col("shortlisted"))
    for name, dim in (("indicator_2", "ethnic_group"), ("wdes_metric_2", "disability")):
        if name not in wanted:
            continue
        direction = ratios.DIRECTIONS[name]
        counts = rec.group_by("scope", dim).agg(
            pl.col("appointed").sum().alias("events"), pl.len().alias("total")
        )
        plans[name] = _pivot_counts(counts, dim, direction.top, direction.bottom, "events", "total")
    return plans


@dataclass
class _PersonEvents:
    """The disciplinary and training files, planned for one join with the snapshot."""

    #: (indicator, dimension, event column) of each staff-denominator ratio wanted
    staff_ratios: list[tuple[str, str, str]]
    #: one frame per event file: ``__event`` code, person, scope (by organisation, a
    #: person may be listed more than once: they are counted once after the join)
    people: list[pl.LazyFrame]
    #: the event column of each frame in ``people``
    event_columns: list[str]
    #: the snapshot columns each event is counted by
    person_columns: tuple[str, ...]
    #: the people (sorted by key) and the snapshot's person and ``person_columns``, to
    #: collect with the other plans (empty when no event file is wanted)
    plans: list[pl.LazyFrame]
    #: joined on the exact integer keys both sides stored (else on the ids)
    keyed: bool = False

    def counted(self, collected: Sequence[pl.DataFrame], by: By) -> pl.DataFrame:
        """The counts (``__event, scope, person_columns, events, __collisions``)."""
        people, staff = collected
        columns = self.person_columns
        if self.keyed:
            return event_counts_plan(
                people.lazy(),
                sorted_by_key(staff).lazy(),
                by,
                join="person_key",
                columns=columns,
                count_distinct=by == "org",
            ).collect()
        found = counts_by_position(people, staff, by, columns=columns)
        if found is not None:
            return found
        people = people.unique() if by == "org" else people
        return event_counts_plan(
            people.lazy(), staff.lazy(), by, join="hashed", columns=columns
        ).collect()


def sorted_by_key(staff: pl.DataFrame) -> pl.DataFrame:
    """``staff`` with ``person_key`` marked sorted when it is (a stored snapshot is
    written sorted by it): joined to people also sorted by key, Polars then merges the
    two in one pass instead of building a hash table of every member of staff."""
    key = staff.get_column(PERSON_KEY)
    if key.null_count() or not key.is_sorted():
        return staff
    return staff.with_columns(key.set_sorted())


def counts_by_position(
    people: pl.DataFrame, staff: pl.DataFrame, by: By, *, columns: Sequence[str]
) -> pl.DataFrame | None:
    """:func:`event_counts_plan` for a snapshot whose ids are strictly increasing (an
    export sorted by id), else ``None``.

    Each person's row is found by binary search in the sorted ids and checked to hold
    the same id (so the match is exact: no hash, no hash table of every member of
    staff). Matched people are counted once per group by their row; people not in the
    snapshot (null ``columns``) once per id, event and scope. ``people`` has ``__event,
    person_id, scope``: by organisation possibly with repeats, otherwise distinct.
    """
    ids, wanted = staff.get_column("person_id"), people.get_column("person_id")
    if ids.dtype != pl.String or wanted.dtype != pl.String:
        return None
    if ids.is_empty() or ids.null_count() or not _strictly_increasing(ids):
        return None
    at = ids.search_sorted(wanted, side="left").clip(0, len(ids) - 1)
    found = (ids.gather(at) == wanted).fill_null(False)
    joined = people.with_columns(
        pl.when(found).then(at).alias("__row"),
        *[pl.when(found).then(staff.get_column(c).gather(at)).alias(c) for c in columns],
    )
    keys = ["__event", "scope", *columns]
    # by organisation people may repeat; elsewhere they are distinct per organisation
    unmatched = pl.col("person_id").n_unique() if by == "org" else pl.len()
    counts = pl.concat(
        [
            joined.lazy()
            .filter(pl.col("__row").is_not_null())
            .group_by(keys)
            .agg(pl.col("__row").n_unique().alias("events")),
            joined.lazy()
            .filter(pl.col("__row").is_null())
            .group_by(keys)
            .agg(unmatched.alias("events")),
        ]
    )
    return counts.select(
        *keys, pl.col("events").cast(pl.UInt32), pl.lit(0, dtype=pl.UInt32).alias("__collisions")
    ).collect()


def _strictly_increasing(values: pl.Series) -> bool:
    """Sorted ascending with no value twice (so a binary search finds the one row)."""
    if len(values) < 2:
        return True
    return values.is_sorted() and bool((values.slice(1) > values.slice(0, len(values) - 1)).all())


def _person_events(
    snap: pl.LazyFrame,
    disciplinary: pl.DataFrame | pl.LazyFrame | None,
    training: pl.DataFrame | pl.LazyFrame | None,
    wanted: set[str],
    by: By,
    orgs: Collection[str] | None,
    org_map: pl.DataFrame | None,
) -> _PersonEvents:
    """Plan counting the people in the disciplinary and training files, in one join."""
    staff_ratios: list[tuple[str, str, str]] = []
    people: list[pl.LazyFrame] = []
    event_columns: list[str] = []
    person_files = [
        (name_eth, name_dis, ev, column)
        for name_eth, name_dis, ev, column in (
            ("indicator_3", "wdes_metric_3", _events_frame(disciplinary), "entered_formal_process"),
            ("indicator_4", None, _events_frame(training), "accessed_non_mandatory"),
        )
        if ev is not None and {name_eth, name_dis} & wanted
    ]
    # Stored files whose ids all have exact integer keys are joined on those.
    keyed = bool(person_files) and all(
        PERSON_KEY in lf.collect_schema() for lf in [snap, *(f[2] for f in person_files)]
    )
    person = PERSON_KEY if keyed else "person_id"
    for name_eth, name_dis, ev, column in person_files:
        who = ev.filter(pl.col(column)).select(pl.col(person), pl.col("org_code").cast(pl.String))
        # By organisation, people are counted once per group after the join (on their key
        # or snapshot row) instead of made distinct before it: one hash pass less.
        # Rolled up, distinct people per organisation first (the smaller side).
        if by != "org":
            who = who.unique()
        if orgs is not None:
            who = who.filter(pl.col("org_code").is_in(sorted(orgs)))
        people.append(
            pipeline.add_scope(who, by, org_map).select(
                # a small integer code (cheaper to group on than the name)
                pl.lit(len(people), dtype=pl.UInt8).alias("__event"),
                person,
                "scope",
            )
        )
        event_columns.append(column)
        for name, dim in ((name_eth, "ethnic_group"), (name_dis, "disability")):
            if name is not None and name in wanted:
                staff_ratios.append((name, dim, column))
    person_columns = ("ethnic_group", *(["disability"] if "wdes_metric_3" in wanted else []))
    plans: list[pl.LazyFrame] = []
    if people:
        # Both event files in ONE join (:meth:`_PersonEvents.counted`), once the people
        # (sorted by key) and the snapshot's person and needed columns are read.
        all_people = pl.concat(people)
        plans = [
            all_people.sort(PERSON_KEY) if keyed else all_people,
            snap.select(person, *person_columns),
        ]
    return _PersonEvents(staff_ratios, people, event_columns, person_columns, plans, keyed)


def _event_counts(
    events: _PersonEvents, per_event: pl.DataFrame, snap: pl.LazyFrame, by: By
) -> dict[str, pl.DataFrame]:
    """Split the counted events by event column (recounting on ids if hashes collided)."""
    if per_event.get_column("__collisions").sum():
        # Two different ids with the same hash: count again, joining on the ids.
        per_event = event_counts_plan(
            pl.concat(events.people).unique(),
            snap,
            by,
            join="person_id",
            columns=events.person_columns,
        ).collect()
    per_event = per_event.drop("__collisions")
    event_counts: dict[str, pl.DataFrame] = {}
    for column in dict.fromkeys(col for _, _, col in events.staff_ratios):
        code = events.event_columns.index(column)
        event_counts[column] = per_event.filter(pl.col("__event") == code).drop("__event")
    return event_counts


def _staff_tables(
    base: pl.DataFrame,
    event_counts: dict[str, pl.DataFrame],
    staff_ratios: list[tuple[str, str, str]],
    wanted: set[str],
) -> dict[str, pl.DataFrame]:
    """The tables over the staff aggregate (ratios with headcount denominators, WRES 1, WDES 1)."""
    later: dict[str, pl.LazyFrame] = {}
    for name, dim, column in staff_ratios:
        direction = ratios.DIRECTIONS[name]
        hits = (
            event_counts[column]
            .lazy()
            .filter(pl.col("ethnic_group").is_not_null())
            .group_by("scope", dim)
            .agg(pl.col("events").sum())
        )
        totals = base.lazy().group_by("scope", dim).agg(pl.col("n").sum().alias("total"))
        counts = totals.join(hits, on=["scope", dim], how="left").with_columns(
            pl.col("events").fill_null(0)
        )
        later[name] = _pivot_counts(counts, dim, direction.top, direction.bottom, "events", "total")

    for name, dimension, column in (
        ("indicator_1", "ethnicity", "ethnic_group"),
        ("wdes_metric_1", "disability", "disability"),
    ):
        if name in wanted:
            later[name] = pipeline.from_counts_plan(
                base.select(
                    "scope",
                    pl.col("band").alias("level"),
                    pl.col(column).alias("category"),
                    pl.col("n").alias("headcount"),
                ),
                dimension,  # type: ignore[arg-type]
                levels=WRES_BANDS,
            )
    # the small tables left, all at once
    return dict(zip(later, pl.collect_all(list(later.values())), strict=True))


def _ratio_frame(pivoted: list[tuple[str, pl.DataFrame]], hide: bool) -> pl.DataFrame:
    """One table of every relative-likelihood ratio, with its confidence interval."""
    frames = []
    for name, frame in pivoted:
        frames.append(
            frame.with_columns(pl.lit(name).alias("indicator"))
            .with_columns(pl.col(c).cast(pl.Int64) for c in RATIO_COUNTS)
            .with_columns(ratios.ratio_exprs(*RATIO_COUNTS, suppress=hide))
        )
    ratio_frame = pl.concat(frames).sort("scope", "indicator") if frames else EMPTY_RATIOS
    return ratio_frame.select(EMPTY_RATIOS.columns)


def event_counts_plan(
    people: pl.LazyFrame,
    snap: pl.LazyFrame,
    by: By,
    *,
    join: Literal["person_key", "hashed", "person_id"],
    columns: Sequence[str] = ("ethnic_group", "disability"),
    count_distinct: bool = False,
) -> pl.LazyFrame:
    """Distinct people per ``__event, scope`` and ``columns`` (``events``).

    ``columns`` are the snapshot's (``ethnic_group`` first: it is never null in the
    snapshot, so a null one marks a person not found there).

    ``people`` has ``__event, scope`` and the person (one row per person, event and
    organisation); each person gets the snapshot's ethnic group and disability (a
    left join; people not in the snapshot keep nulls). With ``by != "org"`` a matched
    person is counted once per rolled-up scope. How people are matched (``join``):

    * ``"person_key"``: on the exact integer keys both sides stored
      (:func:`snapshot.person_keys`), ``people`` carrying ``person_key``;
    * ``"hashed"``: on a 64-bit hash of ``person_id`` (much cheaper than joining on
      strings), carrying the snapshot's id along to compare every joined pair:
      ``__collisions`` counts the pairs whose ids differ (a hash collision). When it
      is not zero the counts are wrong and the caller must join on ``"person_id"``;
    * ``"person_id"``: on the ids themselves.

    ``__collisions`` is 0 except for a hash collision in ``"hashed"``.

    ``count_distinct`` (only with ``join="person_key"`` and ``by="org"``): ``people`` may
    hold a person more than once per event and organisation; each is counted once.
    """
    if count_distinct and (join != "person_key" or by != "org"):
        raise ValueError("count_distinct needs exact person keys and by='org'")
    person = PERSON_KEY if join == "person_key" else "person_id"
    if join == "hashed":
        pid = pl.col("person_id").cast(pl.String)
        # a null id joins nothing (as in the plain join), so its key is null too
        key = pl.when(pid.is_not_null()).then(pid.hash()).alias("__key")
        joined = (
            people.with_columns(key)
            .join(snap.select(key, pid.alias("__snap_id"), *columns), on="__key", how="left")
            .with_columns(
                (pl.col("__snap_id").is_not_null() & pid.ne_missing(pl.col("__snap_id"))).alias(
                    "__collision"
                )
            )
            .drop("__key", "__snap_id")
        )
    else:
        joined = people.join(snap.select(person, *columns), on=person, how="left").with_columns(
            pl.lit(False).alias("__collision")
        )
    # Unmatched people keep a null ethnic group (the snapshot's is never null).
    counted = joined
    if by != "org":  # one person counted once per rolled-up scope
        matched = pl.col("ethnic_group").is_not_null()
        counted = pl.concat(
            [
                joined.filter(~matched),
                joined.filter(matched).unique(["__event", person, "scope", "__collision"]),
            ]
        )
    events = pl.col(person).n_unique() if count_distinct else pl.len()
    return counted.group_by("__event", "scope", *columns).agg(
        events.cast(pl.UInt32).alias("events"), pl.col("__collision").sum().alias("__collisions")
    )


def _indicator_9(base: pl.DataFrame, hide: bool) -> pl.DataFrame:
    """From the staff aggregate (``scope, level, ethnic_group, ..., n``)."""
    g = pl.col("ethnic_group").cast(pl.String)
    board = pl.col("level").cast(pl.String) == codes.BOARD
    n = pl.col("n").cast(pl.Int64)
    out = base.group_by("scope").agg(
        n.filter(board & (g == "minority")).sum().alias("board_minority"),
        n.filter(board & (g != "unknown")).sum().alias("board_known"),
        n.filter(g == "minority").sum().alias("workforce_minority"),
        n.filter(g != "unknown").sum().alias("workforce_known"),
    )
    small = pl.min_horizontal(*BOARD_COUNTS) < ratios.MIN_COUNT
    hidden = pl.lit(hide) & small
    def count(name: str) -> pl.Expr:  # below England, as published: rounded to 5
        return ratios.rounded(pl.col(name)) if hide else pl.col(name)

    board_pct = pl.when(pl.col("board_known") > 0).then(
        100 * count("board_minority") / count("board_known")
    )
    work_pct = pl.when(pl.col("workforce_known") > 0).then(
        100 * count("workforce_minority") / count("workforce_known")
    )
    return out.with_columns(
        pl.when(~hidden).then(board_pct).alias("board_pct"),
        pl.when(~hidden).then(work_pct).alias("workforce_pct"),
        pl.when(~hidden).then(board_pct - work_pct).alias("difference_pp"),
        hidden.alias("suppressed"),
    ).sort("scope")


# --- JSON / table shapes ---------------------------------------------------------------


def _count(n: int, national: bool, suppress: bool) -> int | str:
    return disclosure.control_count(int(n), national=national or not suppress)


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(float(x), digits)


def _representation_json(
    table: pl.DataFrame, dimension: str, national: bool, suppress: bool
) -> dict[str, Any]:
    if table.height == 0:
        return {}
    shown = pipeline.control(table, dimension, national=national or not suppress)  # type: ignore[arg-type]
    out: dict[str, dict[str, Any]] = {}
    for scope, level, category, headcount, level_headcount, share in shown.select(
        "scope", "level", "category", "headcount", "level_headcount", "share"
    ).iter_rows():
        entry = out.setdefault(scope, {}).setdefault(level, {"headcount": _num(level_headcount)})
        entry[category] = _num(headcount)
        if dimension == "ethnicity" and category == "minority":
            entry["ethnic_minority_pct"] = None if share is None else round(100 * share, 2)
        if dimension == "disability" and category == "Y":
            entry["disabled_pct"] = None if share is None else round(100 * share, 2)
    result: dict[str, Any] = {}
    for scope, levels in out.items():
        overall = levels.pop(pipeline.ALL)
        result[scope] = {"overall": overall, "bands": levels}
    return result


def _num(v: str) -> int | str:
    return v if v == disclosure.SUPPRESSED else int(v)


def to_json(report: WresReport, *, suppress: bool = True) -> dict[str, dict[str, Any]]:
    """The report keyed by scope then indicator (shape documented in README.md)."""
    national = report.national
    result: dict[str, dict[str, Any]] = {}
    ind1 = _representation_json(report.indicator_1, "ethnicity", national, suppress)
    wdes1 = _representation_json(report.wdes_metric_1, "disability", national, suppress)
    for scope in sorted(set(ind1) | set(wdes1)):
        result.setdefault(scope, {})["indicator_1"] = ind1.get(scope)
        result[scope]["wdes_metric_1"] = wdes1.get(scope)
    for row in report.ratios.iter_rows(named=True):
        direction = ratios.DIRECTIONS[row["indicator"]]
        result.setdefault(row["scope"], {})[row["indicator"]] = {
            "ratio": _round(row["ratio"]),
            "ci_low": _round(row["ci_low"]),
            "ci_high": _round(row["ci_high"]),
            "flag": row["flag"],
            "suppressed": bool(row["suppressed"]),
            "top_group": direction.top,
            "bottom_group": direction.bottom,
            "counts": {
                "top_events": _count(row["top_events"], national, suppress),
                "top_total": _count(row["top_total"], national, suppress),
                "bottom_events": _count(row["bottom_events"], national, suppress),
                "bottom_total": _count(row["bottom_total"], national, suppress),
            },
        }
    for row in report.indicator_9.iter_rows(named=True):
        result.setdefault(row["scope"], {})["indicator_9"] = {
            "board_ethnic_minority_pct": _round(row["board_pct"], 2),
            "workforce_ethnic_minority_pct": _round(row["workforce_pct"], 2),
            "difference_pp": _round(row["difference_pp"], 2),
            "suppressed": bool(row["suppressed"]),
            "counts": {
                "board_ethnic_minority": _count(row["board_minority"], national, suppress),
                "board_known": _count(row["board_known"], national, suppress),
            },
        }
    return result


def ratio_table(report: WresReport, *, suppress: bool = True) -> pl.DataFrame:
    """The ratios as a flat table for CSV/XLSX, counts controlled unless national."""
    national = report.national or not suppress
    return report.ratios.with_columns(
        *[disclosure.count_expr(c, national=national).alias(c) for c in RATIO_COUNTS]
    )
