"""A mentoring instance: mentors with capacities, mentees, and the listed (mentee, mentor) pairs.

A :class:`MentoringInstance` is a bundle of NumPy arrays so that both matchings work on a million
pairs without Python objects per pair. It is read from a folder of four CSV files, each with a
header row (extra columns are ignored)::

    mentors.csv     mentor_id,organisation,capacity          capacity: whole number >= 0
    mentees.csv     mentee_id,organisation,wants_outside     wants_outside: 0 or 1
    pairs.csv       mentee_id,mentor_id,score,mentee_rank,mentor_rank
    conflicts.csv   mentee_id,mentor_id

In ``pairs.csv`` ranks are 1 for the most preferred. Each mentee's ``mentee_rank`` values over
its k listed pairs are exactly 1..k (no ties, no gaps), and likewise each mentor's
``mentor_rank``. ``score`` is a number from 0 to :data:`MAX_SCORE` with at most six decimal
places (a multiple of 0.000001), so the optimal matching can use exact whole-number costs.

A listed pair that is a conflict, or that is in the same organisation when the mentee wants a
mentor from outside it, is *excluded*: it is dropped from the pair arrays and only counted.

Problems are reported all together (up to :data:`MAX_PROBLEMS`) in one
:class:`MentoringInputError`, each naming the file, the line (the header is line 1), the column
and the value, e.g. ``pairs.csv line 17: score "-3" must be a number >= 0``. From
:func:`build_instance` the "file" is ``mentors``, ``mentees``, ``pairs`` or ``conflicts`` and
rows are counted from 1.

``pairs.csv`` is the hot path: Polars parses it straight into categorical codes, and whole-array
checks validate it. Only if that finds something wrong is it read again as text to describe every
problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import numpy as np
import polars as pl

from engine.arrays import length_of
from engine.mentoring.problems import MAX_PROBLEMS
from engine.mentoring.problems import MentoringInputError
from engine.mentoring.problems import Problems
from engine.mentoring.problems import Source
from engine.mentoring.problems import q
from engine.mentoring.problems import read_text

__all__ = [
    "CONFLICTS",
    "MAX_PROBLEMS",
    "MAX_SCORE",
    "MENTEES",
    "MENTORS",
    "PAIRS",
    "SCORE_SCALE",
    "MentoringInputError",
    "MentoringInstance",
    "build_instance",
    "read_instance",
]

#: Largest accepted score (so that whole-number costs stay far inside 64 bits).
MAX_SCORE = 1_000_000
#: Scores are multiples of 1 / SCORE_SCALE (six decimal places).
SCORE_SCALE = 1_000_000

MENTORS = "mentors.csv"
MENTEES = "mentees.csv"
PAIRS = "pairs.csv"
CONFLICTS = "conflicts.csv"

MENTOR_COLUMNS = ["mentor_id", "organisation", "capacity"]
MENTEE_COLUMNS = ["mentee_id", "organisation", "wants_outside"]
PAIR_COLUMNS = ["mentee_id", "mentor_id", "score", "mentee_rank", "mentor_rank"]
CONFLICT_COLUMNS = ["mentee_id", "mentor_id"]


def _empty(dtype: type[np.generic]) -> np.ndarray:
    return np.zeros(0, dtype=dtype)


@dataclass(frozen=True, eq=False)
class MentoringInstance:
    """Mentors, mentees and the admissible listed pairs (indexes are positions in the id lists).

    Arrays may be read-only views: treat an instance as immutable.
    """

    mentor_ids: list[str]
    mentor_org: list[str]
    capacity: np.ndarray
    """(R,) int64 — most mentees each mentor takes, >= 0."""
    mentee_ids: list[str]
    mentee_org: list[str]
    wants_outside: np.ndarray
    """(M,) bool — the mentee wants a mentor from another organisation."""
    pair_mentee: np.ndarray
    """(P,) int32 — mentee of each admissible pair."""
    pair_mentor: np.ndarray
    """(P,) int32 — mentor of each admissible pair."""
    score: np.ndarray
    """(P,) float64 — score of each pair, 0..MAX_SCORE, a multiple of 1 / SCORE_SCALE."""
    mentee_rank: np.ndarray
    """(P,) int32 — the mentee's rank of the mentor (1 = best; gaps where pairs were excluded)."""
    mentor_rank: np.ndarray
    """(P,) int32 — the mentor's rank of the mentee (1 = best)."""
    excluded_pairs: int
    """Listed pairs dropped: conflicts, or same organisation when the mentee wants outside."""
    conflict_mentee: np.ndarray = field(default_factory=lambda: _empty(np.int32))
    """(C,) int32 — mentee of each declared conflict (for :func:`check_matching`)."""
    conflict_mentor: np.ndarray = field(default_factory=lambda: _empty(np.int32))
    """(C,) int32 — mentor of each declared conflict."""

    def __post_init__(self) -> None:
        n_r, n_m, n_p = len(self.mentor_ids), len(self.mentee_ids), len(self.pair_mentee)
        shapes = {
            "mentor_org": (len(self.mentor_org), n_r),
            "capacity": (len(self.capacity), n_r),
            "mentee_org": (len(self.mentee_org), n_m),
            "wants_outside": (len(self.wants_outside), n_m),
            "pair_mentor": (len(self.pair_mentor), n_p),
            "score": (len(self.score), n_p),
            "mentee_rank": (len(self.mentee_rank), n_p),
            "mentor_rank": (len(self.mentor_rank), n_p),
            "conflict_mentor": (len(self.conflict_mentor), len(self.conflict_mentee)),
        }
        for name, (length, expected) in shapes.items():
            if length != expected:
                raise ValueError(f"MentoringInstance.{name} has length {length}, "
                                 f"expected {expected}")

    n_mentees = length_of("mentee_ids", "Number of mentees.")
    n_mentors = length_of("mentor_ids", "Number of mentors.")
    n_pairs = length_of("pair_mentee", "Admissible pairs (excluded pairs not counted).")

    def score_units(self) -> np.ndarray:
        """Scores as exact whole numbers of millionths (int64)."""
        return np.rint(self.score * SCORE_SCALE).astype(np.int64)


# --------------------------------------------------------------------------------------------
# Checking text columns (the careful path, shared by read_instance and build_instance)
# --------------------------------------------------------------------------------------------


def _check_present(df: pl.DataFrame, src: Source, column: str, problems: Problems) -> None:
    blank = df.filter(pl.col(column).is_null() | (pl.col(column).str.strip_chars() == ""))
    problems.add_rows(blank, lambda r: f"{src.at(r['line'])}: {column} is empty")


def _check_unique(df: pl.DataFrame, src: Source, columns: list[str], problems: Problems) -> None:
    """Report every repeat of a value (or a combination of values) after its first line."""
    dup = (
        df.drop_nulls(columns)
        .with_columns(first=pl.col("line").min().over(columns))
        .filter(pl.col("line") != pl.col("first"))
        .sort("line")
    )
    what = " and ".join(f"{c} {{{c}}}" for c in columns)
    kind = "duplicate " + ("pair " if len(columns) > 1 else "")
    problems.add_rows(
        dup,
        lambda r: f"{src.at(r['line'])}: {kind}"
        + what.format(**{c: q(r[c]) for c in columns})
        + f" (first on {src.unit} {r['first']})",
    )


def _check_known(df: pl.DataFrame, src: Source, column: str, known: pl.Series, where: str,
                 problems: Problems) -> None:
    unknown = df.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()))
    problems.add_rows(
        unknown, lambda r: f"{src.at(r['line'])}: unknown {column} {q(r[column])} (not in {where})"
    )


def _whole(df: pl.DataFrame, src: Source, column: str, least: int, problems: Problems
           ) -> pl.Series:
    parsed = df[column].str.strip_chars().cast(pl.Int64, strict=False)
    bad = df.filter(parsed.is_null() | (parsed < least))
    problems.add_rows(
        bad, lambda r: f"{src.at(r['line'])}: {column} {q(r[column])} must be a whole number "
        f">= {least}"
    )
    return parsed


def _check_mentors(df: pl.DataFrame, src: Source, problems: Problems) -> None:
    for column in ("mentor_id", "organisation"):
        _check_present(df, src, column, problems)
    _check_unique(df, src, ["mentor_id"], problems)
    _whole(df, src, "capacity", 0, problems)


def _check_mentees(df: pl.DataFrame, src: Source, problems: Problems) -> None:
    for column in ("mentee_id", "organisation"):
        _check_present(df, src, column, problems)
    _check_unique(df, src, ["mentee_id"], problems)
    bad = df.filter(~pl.col("wants_outside").str.strip_chars().is_in(["0", "1"]).fill_null(False))
    problems.add_rows(
        bad, lambda r: f"{src.at(r['line'])}: wants_outside {q(r['wants_outside'])} must be 0 or 1"
    )


def _score_column(df: pl.DataFrame, src: Source, problems: Problems) -> pl.Series:
    parsed = df["score"].str.strip_chars().cast(pl.Float64, strict=False)
    bad = df.filter(parsed.is_null() | parsed.is_nan() | (parsed < 0))
    problems.add_rows(
        bad, lambda r: f"{src.at(r['line'])}: score {q(r['score'])} must be a number >= 0"
    )
    big = df.filter(parsed.is_not_nan() & (parsed > MAX_SCORE))
    problems.add_rows(
        big, lambda r: f"{src.at(r['line'])}: score {q(r['score'])} is too large "
        f"(at most {MAX_SCORE:,})"
    )
    ok = (parsed.is_not_nan() & (parsed >= 0) & (parsed <= MAX_SCORE)).fill_null(False)
    values = parsed.fill_null(0).fill_nan(0).to_numpy()
    fine = _six_places(np.where(ok.to_numpy(), values, 0.0))
    problems.add_rows(
        df.filter(pl.Series(~fine)),
        lambda r: f"{src.at(r['line'])}: score {q(r['score'])} has more than 6 decimal places "
        "(scores must be multiples of 0.000001)",
    )
    return parsed


def _six_places(values: np.ndarray) -> np.ndarray:
    """True where a float is exactly the double nearest some multiple of 0.000001.

    If ``x`` is the double nearest to ``d / 10**6`` then ``rint(x * 10**6) == d`` and, division
    being correctly rounded, ``d / 10**6 == x``; the converse is immediate. So whole-number
    costs ``rint(x * 10**6)`` are exact.
    """
    units = np.rint(values * SCORE_SCALE)
    return units / SCORE_SCALE == values


def _check_ranks(df: pl.DataFrame, src: Source, who: str, column: str, problems: Problems
                 ) -> None:
    """Each ``who``'s ``column`` over its k listed pairs must be exactly 1..k."""
    rank = _whole(df, src, column, 1, problems)
    ranked = (
        df.with_columns(rank=rank)
        .filter(pl.col(who).is_not_null())
        .with_columns(k=pl.len().over(who))
        .filter(pl.col("rank").is_not_null() & (pl.col("rank") >= 1))
        .with_columns(first=pl.col("line").min().over(who, "rank"))
    )
    ties = ranked.filter(pl.col("line") != pl.col("first")).sort("line")
    problems.add_rows(
        ties,
        lambda r: f"{src.at(r['line'])}: {column} {q(r[column])} ties with {src.unit} "
        f"{r['first']} for {who} {q(r[who])} (ranks must be a strict order 1, 2, 3...)",
    )
    gaps = ranked.filter(pl.col("rank") > pl.col("k")).sort("line")
    problems.add_rows(
        gaps,
        lambda r: f"{src.at(r['line'])}: {column} {q(r[column])} leaves a gap for {who} "
        f"{q(r[who])}: its {r['k']} listed pair(s) must be ranked 1 to {r['k']}",
    )


def _check_pairs(df: pl.DataFrame, src: Source, mentee_ids: pl.Series, mentor_ids: pl.Series,
                 where: tuple[str, str], problems: Problems) -> None:
    _check_both_known(df, src, mentee_ids, mentor_ids, where, problems)
    same = df.filter(pl.col("mentee_id") == pl.col("mentor_id"))
    problems.add_rows(
        same, lambda r: f"{src.at(r['line'])}: mentee_id {q(r['mentee_id'])} and mentor_id "
        f"{q(r['mentor_id'])} are the same person (a self-match)"
    )
    _check_unique(df, src, ["mentee_id", "mentor_id"], problems)
    _score_column(df, src, problems)
    _check_ranks(df, src, "mentee_id", "mentee_rank", problems)
    _check_ranks(df, src, "mentor_id", "mentor_rank", problems)


def _check_both_known(df: pl.DataFrame, src: Source, mentee_ids: pl.Series, mentor_ids: pl.Series,
                      where: tuple[str, str], problems: Problems) -> None:
    """Both people of each row are given and known: all a conflicts row needs, the start of a
    pairs row's checks."""
    for column in ("mentee_id", "mentor_id"):
        _check_present(df, src, column, problems)
    _check_known(df, src, "mentee_id", mentee_ids, where[0], problems)
    _check_known(df, src, "mentor_id", mentor_ids, where[1], problems)


# --------------------------------------------------------------------------------------------
# Building the arrays from checked frames
# --------------------------------------------------------------------------------------------


def _codes(series: pl.Series, enum: pl.Enum) -> np.ndarray:
    """Positions of ids in the enum's categories, as int32."""
    codes = series.cast(enum).to_physical().to_numpy()
    if codes.dtype == np.uint32:
        return codes.view(np.int32)  # a few tens of thousands of ids: far below 2**31
    return codes.astype(np.int32)


@dataclass(frozen=True)
class _People:
    """Checked mentors and mentees, and their id enums."""

    mentors: pl.DataFrame
    mentees: pl.DataFrame

    @property
    def mentor_enum(self) -> pl.Enum:
        return pl.Enum(self.mentors["mentor_id"])

    @property
    def mentee_enum(self) -> pl.Enum:
        return pl.Enum(self.mentees["mentee_id"])


def _assemble(people: _People, pairs: tuple[np.ndarray, ...], conflicts: tuple[np.ndarray, ...]
              ) -> MentoringInstance:
    """The instance, with conflicts and same-organisation pairs (mentee wants outside) dropped."""
    mentee, mentor, score, mentee_rank, mentor_rank = pairs
    mentors, mentees = people.mentors, people.mentees
    org_names = pl.concat([mentors["organisation"], mentees["organisation"]]).unique().sort()
    org_enum = pl.Enum(org_names)
    mentor_org = _codes(mentors["organisation"], org_enum)
    mentee_org = _codes(mentees["organisation"], org_enum)
    wants_outside = (mentees["wants_outside"].str.strip_chars() == "1").to_numpy()
    n_r = len(mentor_org)
    drop = np.take(wants_outside, mentee) & (np.take(mentee_org, mentee) == np.take(mentor_org,
                                                                                      mentor))
    c_mentee, c_mentor = conflicts
    if c_mentee.shape[0]:
        key = mentee.astype(np.int64) * n_r + mentor
        drop |= np.isin(key, c_mentee.astype(np.int64) * n_r + c_mentor)
    excluded = int(drop.sum())
    if excluded:
        keep = ~drop
        mentee, mentor, score = mentee[keep], mentor[keep], score[keep]
        mentee_rank, mentor_rank = mentee_rank[keep], mentor_rank[keep]
    return MentoringInstance(
        mentor_ids=mentors["mentor_id"].to_list(),
        mentor_org=mentors["organisation"].to_list(),
        capacity=mentors["capacity"].str.strip_chars().cast(pl.Int64).to_numpy(),
        mentee_ids=mentees["mentee_id"].to_list(),
        mentee_org=mentees["organisation"].to_list(),
        wants_outside=wants_outside,
        pair_mentee=mentee,
        pair_mentor=mentor,
        score=score,
        mentee_rank=mentee_rank,
        mentor_rank=mentor_rank,
        excluded_pairs=excluded,
        conflict_mentee=c_mentee,
        conflict_mentor=c_mentor,
    )


def _pairs_from_text(df: pl.DataFrame, people: _People) -> tuple[np.ndarray, ...]:
    return (
        _codes(df["mentee_id"], people.mentee_enum),
        _codes(df["mentor_id"], people.mentor_enum),
        df["score"].str.strip_chars().cast(pl.Float64).to_numpy().astype(np.float64),
        df["mentee_rank"].str.strip_chars().cast(pl.Int32).to_numpy(),
        df["mentor_rank"].str.strip_chars().cast(pl.Int32).to_numpy(),
    )


def _conflicts_from_text(df: pl.DataFrame, people: _People) -> tuple[np.ndarray, ...]:
    return (_codes(df["mentee_id"], people.mentee_enum),
            _codes(df["mentor_id"], people.mentor_enum))


def _check_people(mentors: pl.DataFrame | None, mentees: pl.DataFrame | None,
                  sources: dict[str, Source], problems: Problems) -> None:
    if mentors is not None:
        _check_mentors(mentors, sources[MENTORS], problems)
    if mentees is not None:
        _check_mentees(mentees, sources[MENTEES], problems)


def _check_links(frames: dict[str, pl.DataFrame | None], sources: dict[str, Source],
                 problems: Problems) -> None:
    """Check pairs and conflicts against the mentor and mentee ids (when those could be read)."""
    mentors, mentees = frames[MENTORS], frames[MENTEES]
    if mentors is None or mentees is None:
        return
    mentor_ids = mentors["mentor_id"].drop_nulls().unique()
    mentee_ids = mentees["mentee_id"].drop_nulls().unique()
    where = (sources[MENTEES].name, sources[MENTORS].name)
    if (pairs := frames[PAIRS]) is not None:
        _check_pairs(pairs, sources[PAIRS], mentee_ids, mentor_ids, where, problems)
    if (conflicts := frames[CONFLICTS]) is not None:
        _check_both_known(conflicts, sources[CONFLICTS], mentee_ids, mentor_ids, where, problems)


def _from_text(frames: dict[str, pl.DataFrame | None], sources: dict[str, Source],
               problems: Problems) -> MentoringInstance:
    """Check every frame, raise listing every problem, else build the instance."""
    _check_people(frames[MENTORS], frames[MENTEES], sources, problems)
    _check_links(frames, sources, problems)
    if problems:
        raise problems.error()
    people = _People(mentors=_req(frames[MENTORS]), mentees=_req(frames[MENTEES]))
    return _assemble(people, _pairs_from_text(_req(frames[PAIRS]), people),
                     _conflicts_from_text(_req(frames[CONFLICTS]), people))


def _req(df: pl.DataFrame | None) -> pl.DataFrame:
    if df is None:  # cannot happen: a missing frame is a problem, raised before
        raise MentoringInputError(["internal error: a file was not read"])
    return df


# --------------------------------------------------------------------------------------------
# build_instance: from Python values
# --------------------------------------------------------------------------------------------


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return "1" if value else "0"
    if isinstance(value, float | np.floating):
        return repr(float(value))
    return str(value)


def _frame(rows: Iterable[tuple], columns: list[str], src: Source, problems: Problems
           ) -> pl.DataFrame | None:
    data: list[list[str | None]] = [[] for _ in columns]
    for n, row in enumerate(rows, start=src.first):
        values = tuple(row)
        if len(values) != len(columns):
            problems.add(f"{src.at(n)}: expected {len(columns)} values "
                         f"({', '.join(columns)}), got {len(values)}")
            continue
        for column, value in zip(data, values, strict=True):
            column.append(_text(value))
    lines = pl.Series("line", range(src.first, src.first + len(data[0])), dtype=pl.Int64)
    frame = pl.DataFrame({c: pl.Series(c, v, dtype=pl.String) for c, v in zip(columns, data,
                                                                                strict=True)})
    return frame.with_columns(lines) if not problems else None


def build_instance(mentors: Iterable[tuple], mentees: Iterable[tuple], pairs: Iterable[tuple],
                   conflicts: Iterable[tuple]) -> MentoringInstance:
    """Validate Python rows and build the instance; raise :class:`MentoringInputError` listing
    every problem (``mentors row 3: capacity "-1" must be a whole number >= 0``).

    ``mentors``: (mentor_id, organisation, capacity); ``mentees``: (mentee_id, organisation,
    wants_outside as bool); ``pairs``: (mentee_id, mentor_id, score, mentee_rank, mentor_rank);
    ``conflicts``: (mentee_id, mentor_id).
    """
    problems = Problems()
    sources = {name: Source(name.removesuffix(".csv"), "row", 1)
               for name in (MENTORS, MENTEES, PAIRS, CONFLICTS)}
    frames: dict[str, pl.DataFrame | None] = {}
    for name, rows, columns in ((MENTORS, mentors, MENTOR_COLUMNS),
                                (MENTEES, mentees, MENTEE_COLUMNS),
                                (PAIRS, pairs, PAIR_COLUMNS),
                                (CONFLICTS, conflicts, CONFLICT_COLUMNS)):
        shape = Problems()
        frames[name] = _frame(rows, columns, sources[name], shape)
        problems.extend(shape)
    if problems:
        raise problems.error()
    return _from_text(frames, sources, problems)


# --------------------------------------------------------------------------------------------
# read_instance: from the four CSV files
# --------------------------------------------------------------------------------------------


def _file_sources() -> dict[str, Source]:
    return {name: Source(name, "line", 2) for name in (MENTORS, MENTEES, PAIRS, CONFLICTS)}


def _read_pairs_fast(path: Path, people: _People) -> tuple[np.ndarray, ...] | None:
    """Parse pairs.csv straight to indexes and check it with whole-array operations.

    ``None`` means "something is wrong: look closer". An unknown id makes the Enum parse fail;
    the rest are single passes: no empty value, scores in range with at most six decimals, no
    self-match, no repeated pair (a sort of ``mentee * n_mentors + mentor``), and ranks that are
    a permutation of 1..k for each mentee and each mentor (see :func:`_ranks_are_orders`).
    """
    try:
        df = pl.read_csv(
            path, columns=PAIR_COLUMNS,
            schema_overrides={"mentee_id": people.mentee_enum, "mentor_id": people.mentor_enum,
                              "score": pl.Float64, "mentee_rank": pl.Int32,
                              "mentor_rank": pl.Int32},
        )
    except (pl.exceptions.PolarsError, OSError):
        return None
    if any(df[column].null_count() for column in df.columns):
        return None
    mentee = _codes(df["mentee_id"], people.mentee_enum)
    mentor = _codes(df["mentor_id"], people.mentor_enum)
    score = df["score"].to_numpy()
    mentee_rank, mentor_rank = df["mentee_rank"].to_numpy(), df["mentor_rank"].to_numpy()
    del df
    if score.shape[0] and not (
        np.isfinite(score).all() and score.min() >= 0 and score.max() <= MAX_SCORE
        and _six_places(score).all()
    ):
        return None
    n_m, n_r = len(people.mentees), len(people.mentors)
    if _has_self_match(people, mentee, mentor) or _has_repeat(mentee, mentor, n_r):
        return None
    if not (_ranks_are_orders(mentee, mentee_rank, n_m)
            and _ranks_are_orders(mentor, mentor_rank, n_r)):
        return None
    return mentee, mentor, score, mentee_rank, mentor_rank


def _has_self_match(people: _People, mentee: np.ndarray, mentor: np.ndarray) -> bool:
    """Does any pair have the same id on both sides?"""
    both = people.mentees["mentee_id"].cast(people.mentor_enum, strict=False)
    as_mentor = both.to_physical().fill_null(-1).cast(pl.Int64).to_numpy()
    return bool((np.take(as_mentor, mentee) == mentor).any())


def _has_repeat(mentee: np.ndarray, mentor: np.ndarray, n_r: int) -> bool:
    key_type = np.int32 if (max(int(mentee.max(initial=0)), 1) + 1) * n_r < 2**31 else np.int64
    key = np.multiply(mentee, n_r, dtype=key_type)
    key += mentor
    key.sort()
    return bool((key[1:] == key[:-1]).any())


def _ranks_are_orders(who: np.ndarray, rank: np.ndarray, n: int) -> bool:
    """Are each person's ranks exactly 1..k over their k pairs?

    With ``start`` the running total of pair counts, ``start[who] + rank - 1`` must hit every
    position 0..P-1 exactly once once every rank is within 1..k.
    """
    if rank.shape[0] == 0:
        return True
    counts = np.bincount(who, minlength=n)
    if rank.min() < 1 or (rank > np.take(counts, who)).any():
        return False
    start = np.concatenate([[0], np.cumsum(counts)[:-1]])
    slot = np.take(start, who) + (rank.astype(np.int64) - 1)
    return bool((np.bincount(slot, minlength=rank.shape[0]) == 1).all())


def read_instance(directory: str | Path) -> MentoringInstance:
    """Read and validate the four CSV files; raise :class:`MentoringInputError` listing every
    problem."""
    folder = Path(directory)
    if not folder.is_dir():
        raise MentoringInputError([f"{folder}: instance folder not found"])
    problems = Problems()
    sources = _file_sources()
    mentors = read_text(folder / MENTORS, MENTOR_COLUMNS, problems)
    mentees = read_text(folder / MENTEES, MENTEE_COLUMNS, problems)
    conflicts = read_text(folder / CONFLICTS, CONFLICT_COLUMNS, problems)
    _check_people(mentors, mentees, sources, problems)
    fast = people = None
    if not problems and mentors is not None and mentees is not None:
        people = _People(mentors=mentors, mentees=mentees)
        if (folder / PAIRS).is_file():
            fast = _read_pairs_fast(folder / PAIRS, people)
    if fast is None or people is None:
        frames = {MENTORS: mentors, MENTEES: mentees, CONFLICTS: conflicts,
                  PAIRS: read_text(folder / PAIRS, PAIR_COLUMNS, problems)}
        _check_links(frames, sources, problems)
        if problems:
            raise problems.error()
        return _from_text(frames, sources, problems)
    _check_links({MENTORS: mentors, MENTEES: mentees, CONFLICTS: conflicts, PAIRS: None},
                 sources, problems)
    if problems:
        raise problems.error()
    return _assemble(people, fast, _conflicts_from_text(_req(conflicts), people))
