"""A matching instance: who can be placed where, and how good each placement is.

An :class:`Instance` is a bundle of NumPy arrays so that the solver and the greedy pass can work
on millions of pairs without Python objects per pair. It is read from (and written to) a folder
of CSV files, each with a header row::

    candidates.csv      candidate_id,employer
    opportunities.csv   opportunity_id,host,seats
    pairs.csv           candidate_id,opportunity_id,score     (only eligible pairs are listed)
    caps.csv            employer,max_release                  (optional)

Extra columns are ignored. Whole numbers (``seats``, ``score``, ``max_release``) must be ``≥ 0``;
``score`` must also be at most :data:`MAX_SCORE` so the min-cost-flow costs cannot overflow.

Problems are reported all together (up to :data:`MAX_PROBLEMS`) in one :class:`InstanceError`,
each naming the file, the 1-based line number (the header is line 1) and the offending value,
for example ``pairs.csv line 17: score "-3" must be a whole number ≥ 0``. Line numbers assume one
record per line (no line breaks inside quoted values), which is what :func:`write_instance` and
any spreadsheet export produce.

A listed pair whose candidate works for the opportunity's host is *excluded*: a candidate is
never placed at their own employer. Excluded pairs are kept apart (counted, never assigned).

Reading ``pairs.csv`` is the hot path (12.5 million rows): it is parsed by Polars straight into
categorical codes (the candidate / opportunity index) and validated with whole-column
operations. Only if that fast path finds something wrong is the file read again as text to
describe every problem precisely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import numpy as np
import polars as pl

from engine.arrays import length_of
from engine.errors import InputError
from engine.problems import MAX_PROBLEMS
from engine.problems import InputProblems
from engine.problems import quote
from engine.problems import read_text

__all__ = [
    "MAX_PROBLEMS",
    "MAX_SCORE",
    "NO_CAP",
    "Instance",
    "InstanceError",
    "read_instance",
    "write_instance",
]

#: Largest accepted pair score. Costs are ``-score`` and OR-Tools scales costs by the number of
#: nodes internally, so scores are bounded well inside the 64-bit range.
MAX_SCORE = 1_000_000_000
#: ``max_release`` value meaning "this employer has no release cap".
NO_CAP = -1

CANDIDATES = "candidates.csv"
OPPORTUNITIES = "opportunities.csv"
PAIRS = "pairs.csv"
CAPS = "caps.csv"

_WHOLE = "must be a whole number ≥ 0"


class InstanceError(InputError):
    """The instance files are not valid. ``problems`` lists every problem found (capped)."""


def _empty_int(dtype: type[np.integer]) -> np.ndarray:
    return np.zeros(0, dtype=dtype)


@dataclass(frozen=True, eq=False)
class Instance:
    """Candidates, opportunities and the eligible (candidate, opportunity, score) pairs.

    Indices are positions in the id arrays. ``employers`` is the sorted list of every
    organisation named (candidate employers and opportunity hosts). Arrays from
    :func:`read_instance` may be read-only (zero-copy views of Polars buffers): treat an
    instance as immutable.
    """

    candidate_ids: np.ndarray
    """(C,) str — candidate ids, unique."""
    candidate_employer: np.ndarray
    """(C,) int32 — index into ``employers``."""
    opportunity_ids: np.ndarray
    """(O,) str — opportunity ids, unique."""
    opportunity_host: np.ndarray
    """(O,) int32 — index into ``employers``."""
    seats: np.ndarray
    """(O,) int64 — seats per opportunity, ≥ 0."""
    employers: np.ndarray
    """(E,) str — organisation names, sorted and unique."""
    cand_idx: np.ndarray
    """(P,) int32 — candidate of each eligible pair."""
    opp_idx: np.ndarray
    """(P,) int32 — opportunity of each eligible pair."""
    score: np.ndarray
    """(P,) int64 — score of each eligible pair, 0..MAX_SCORE."""
    max_release: np.ndarray | None = None
    """(E,) int64 — most candidates each employer releases, or ``NO_CAP``; ``None`` = no caps."""
    excluded_cand_idx: np.ndarray = field(default_factory=lambda: _empty_int(np.int32))
    """(X,) int32 — pairs listed but excluded (candidate's employer hosts the opportunity)."""
    excluded_opp_idx: np.ndarray = field(default_factory=lambda: _empty_int(np.int32))
    excluded_score: np.ndarray = field(default_factory=lambda: _empty_int(np.int64))

    def __post_init__(self) -> None:
        n_c, n_o, n_e = len(self.candidate_ids), len(self.opportunity_ids), len(self.employers)
        n_p, n_x = len(self.cand_idx), len(self.excluded_cand_idx)
        shapes = {
            "candidate_employer": (self.candidate_employer, n_c),
            "opportunity_host": (self.opportunity_host, n_o),
            "seats": (self.seats, n_o),
            "opp_idx": (self.opp_idx, n_p),
            "score": (self.score, n_p),
            "excluded_opp_idx": (self.excluded_opp_idx, n_x),
            "excluded_score": (self.excluded_score, n_x),
        }
        if self.max_release is not None:
            shapes["max_release"] = (self.max_release, n_e)
        for name, (array, length) in shapes.items():
            if array.shape != (length,):
                raise ValueError(f"Instance.{name} has shape {array.shape}, expected ({length},)")

    n_candidates = length_of("candidate_ids", "Number of candidates.")
    n_opportunities = length_of("opportunity_ids", "Number of opportunities.")
    n_pairs = length_of("cand_idx", "Number of eligible pairs (excluded pairs not counted).")
    n_excluded = length_of("excluded_cand_idx", "Number of excluded (own-employer) pairs.")

    @classmethod
    def from_pairs(
        cls,
        *,
        candidate_ids: np.ndarray,
        candidate_employer: np.ndarray,
        opportunity_ids: np.ndarray,
        opportunity_host: np.ndarray,
        seats: np.ndarray,
        employers: np.ndarray,
        cand_idx: np.ndarray,
        opp_idx: np.ndarray,
        score: np.ndarray,
        max_release: np.ndarray | None = None,
    ) -> Instance:
        """Build an instance from all listed pairs, setting own-employer pairs aside."""
        candidate_employer = np.asarray(candidate_employer, dtype=np.int32)
        opportunity_host = np.asarray(opportunity_host, dtype=np.int32)
        cand_idx = np.asarray(cand_idx, dtype=np.int32)
        opp_idx = np.asarray(opp_idx, dtype=np.int32)
        score = np.asarray(score, dtype=np.int64)
        own = candidate_employer[cand_idx] == opportunity_host[opp_idx]
        if own.any():
            keep = ~own
            excluded = (cand_idx[own], opp_idx[own], score[own])
            cand_idx, opp_idx, score = cand_idx[keep], opp_idx[keep], score[keep]
        else:
            excluded = (_empty_int(np.int32), _empty_int(np.int32), _empty_int(np.int64))
        return cls(
            candidate_ids=np.asarray(candidate_ids),
            candidate_employer=candidate_employer,
            opportunity_ids=np.asarray(opportunity_ids),
            opportunity_host=opportunity_host,
            seats=np.asarray(seats, dtype=np.int64),
            employers=np.asarray(employers),
            cand_idx=cand_idx,
            opp_idx=opp_idx,
            score=score,
            max_release=None if max_release is None else np.asarray(max_release, np.int64),
            excluded_cand_idx=excluded[0],
            excluded_opp_idx=excluded[1],
            excluded_score=excluded[2],
        )


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


_FILE_ORDER = {CANDIDATES: 0, OPPORTUNITIES: 1, CAPS: 2, PAIRS: 3}
_WHERE = re.compile(r"^(?P<file>[^ :]+)(?: line (?P<line>\d+))?:")


class _Problems(InputProblems):
    """Collects problem messages; reports them by file and line, at most MAX_PROBLEMS."""

    def __init__(self) -> None:
        super().__init__(_FILE_ORDER, _WHERE, InstanceError)


_q = quote
_read_text = read_text


def _check_present(df: pl.DataFrame, name: str, column: str, problems: _Problems) -> None:
    blank = df.filter(pl.col(column).is_null() | (pl.col(column).str.strip_chars() == ""))
    problems.add_rows(blank, lambda r: f"{name} line {r['line']}: {column} is empty")


def _check_unique(df: pl.DataFrame, name: str, columns: list[str], problems: _Problems) -> None:
    """Report every repeat of a value (or of a combination of values) after its first line."""
    present = df.drop_nulls(columns)
    dup = (
        present.with_columns(first=pl.col("line").min().over(columns))
        .filter(pl.col("line") != pl.col("first"))
        .sort("line")
    )
    if len(columns) == 1:
        (col,) = columns
        problems.add_rows(
            dup,
            lambda r: f"{name} line {r['line']}: duplicate {col} {_q(r[col])} "
            f"(first on line {r['first']})",
        )
    else:
        problems.add_rows(
            dup,
            lambda r: f"{name} line {r['line']}: duplicate pair "
            + ", ".join(f"{c} {_q(r[c])}" for c in columns)
            + f" (first on line {r['first']})",
        )


def _whole_numbers(
    df: pl.DataFrame, name: str, column: str, problems: _Problems, maximum: int | None = None
) -> pl.Series:
    """Parse a text column as whole numbers ≥ 0 (and ≤ maximum), reporting bad lines."""
    parsed = df[column].cast(pl.Int64, strict=False)
    bad = df.filter(parsed.is_null() | (parsed < 0))
    problems.add_rows(bad, lambda r: f"{name} line {r['line']}: {column} {_q(r[column])} {_WHOLE}")
    if maximum is not None:
        big = df.filter(parsed > maximum)
        problems.add_rows(
            big,
            lambda r: f"{name} line {r['line']}: {column} {_q(r[column])} is too large "
            f"(at most {maximum})",
        )
    return parsed


def _check_known(
    df: pl.DataFrame,
    name: str,
    column: str,
    known: pl.Series,
    where: str,
    problems: _Problems,
) -> None:
    unknown = df.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(known.implode()))
    problems.add_rows(
        unknown, lambda r: f"{name} line {r['line']}: unknown {column} {_q(r[column])} "
        f"(not in {where})"
    )


_Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]


def _index_array(series: pl.Series) -> np.ndarray:
    """The physical codes of an Enum column as int32 (zero-copy when they are UInt32)."""
    codes = series.to_physical().to_numpy()
    if codes.dtype == np.uint32:
        return codes.view(np.int32)  # codes index a few thousand ids: far below 2**31
    return codes.astype(np.int32)


def _read_pairs_fast(
    path: Path,
    cand_enum: pl.Enum,
    opp_enum: pl.Enum,
    candidate_employer: np.ndarray,
    opportunity_host: np.ndarray,
) -> tuple[_Pairs, _Pairs] | None:
    """Parse pairs.csv straight to indices and split off own-employer pairs.

    Returns ``(eligible, excluded)``, each ``(cand_idx, opp_idx, score)``; ``None`` means
    "something is wrong: look closer". Polars parses the file straight into Enum codes (an id
    that is not listed makes the parse fail); the checks that remain are whole-array NumPy
    operations on those codes, each one pass: no null, score in range, no repeated
    (candidate, opportunity) — one sort of a combined key ``cand * n_opps + opp`` (int32 when
    it fits) and a comparison of neighbours.
    """
    try:
        df = pl.read_csv(
            path,
            columns=["candidate_id", "opportunity_id", "score"],
            schema_overrides={
                "candidate_id": cand_enum,
                "opportunity_id": opp_enum,
                "score": pl.Int64,
            },
        )
    except (pl.exceptions.PolarsError, OSError):
        return None
    if df.height == 0:
        empty = (_empty_int(np.int32), _empty_int(np.int32), _empty_int(np.int64))
        return empty, empty
    if any(df[column].null_count() for column in df.columns):
        return None
    cand = _index_array(df["candidate_id"])
    opp = _index_array(df["opportunity_id"])
    score = df["score"].to_numpy()
    del df
    if score.dtype != np.int64 or score.min() < 0 or score.max() > MAX_SCORE:
        return None
    n_opp = len(opportunity_host)
    key_type = np.int32 if len(candidate_employer) * n_opp < 2**31 else np.int64
    key = np.multiply(cand, n_opp, dtype=key_type)
    key += opp
    if not (key[1:] > key[:-1]).all():  # a file already in (candidate, opportunity) order
        key.sort()  # needs no sort; otherwise repeats become neighbours
    if (key[1:] == key[:-1]).any():
        return None
    del key
    # np.take is faster than fancy indexing here (the tables are small).
    own = np.take(candidate_employer, cand) == np.take(opportunity_host, opp)
    if not own.any():
        empty = (_empty_int(np.int32), _empty_int(np.int32), _empty_int(np.int64))
        return (cand, opp, score), empty
    keep = ~own
    return (cand[keep], opp[keep], score[keep]), (cand[own], opp[own], score[own])


def _check_pairs_slow(
    path: Path, candidate_ids: pl.Series, opportunity_ids: pl.Series, problems: _Problems
) -> None:
    """Read pairs.csv as text and describe every problem in it."""
    df = _read_text(path, ["candidate_id", "opportunity_id", "score"], problems)
    if df is None:
        return
    for column in ("candidate_id", "opportunity_id"):
        _check_present(df, PAIRS, column, problems)
    _check_known(df, PAIRS, "candidate_id", candidate_ids, CANDIDATES, problems)
    _check_known(df, PAIRS, "opportunity_id", opportunity_ids, OPPORTUNITIES, problems)
    _whole_numbers(df, PAIRS, "score", problems, maximum=MAX_SCORE)
    _check_unique(df, PAIRS, ["candidate_id", "opportunity_id"], problems)


def read_instance(directory: str | Path) -> Instance:
    """Read and validate an instance folder. Raises :class:`InstanceError` listing problems."""
    folder = Path(directory)
    problems = _Problems()
    if not folder.is_dir():
        raise InstanceError([f"{folder}: instance folder not found"])
    cands = _read_candidates(folder, problems)
    opps, seats = _read_opportunities(folder, problems)
    caps, cap_values = _read_caps(folder, cands, problems)
    if cands is None or opps is None:
        # Pairs cannot be checked against ids we could not read; still check the file shape.
        if not (folder / PAIRS).is_file():
            problems.add(f"{PAIRS}: file not found")
        raise problems.error()

    candidate_ids = cands["candidate_id"].drop_nulls().unique(maintain_order=True)
    opportunity_ids = opps["opportunity_id"].drop_nulls().unique(maintain_order=True)
    if problems:
        _check_pairs_slow(folder / PAIRS, candidate_ids, opportunity_ids, problems)
        raise problems.error()

    employer_names = pl.concat([cands["employer"], opps["host"]]).unique().sort()
    employers = employer_names.to_numpy()
    employer_enum = pl.Enum(employer_names)  # codes are positions in the sorted names
    candidate_employer = _employer_index(cands["employer"], employer_enum)
    opportunity_host = _employer_index(opps["host"], employer_enum)
    (cand_idx, opp_idx, score), excluded = _read_pairs(
        folder, candidate_ids, opportunity_ids, candidate_employer, opportunity_host, problems
    )
    max_release = None
    if caps is not None and cap_values is not None:
        max_release = np.full(len(employers), NO_CAP, dtype=np.int64)
        max_release[_employer_index(caps["employer"], employer_enum)] = cap_values.to_numpy()
    assert seats is not None
    return Instance(
        candidate_ids=cands["candidate_id"].to_numpy(),
        candidate_employer=candidate_employer,
        opportunity_ids=opps["opportunity_id"].to_numpy(),
        opportunity_host=opportunity_host,
        seats=seats.to_numpy().astype(np.int64, copy=False),
        employers=employers,
        cand_idx=cand_idx,
        opp_idx=opp_idx,
        score=score,
        max_release=max_release,
        excluded_cand_idx=excluded[0],
        excluded_opp_idx=excluded[1],
        excluded_score=excluded[2],
    )


def _employer_index(names: pl.Series, employer_enum: pl.Enum) -> np.ndarray:
    """Each employer name's position in the sorted employer names, as int32."""
    return names.cast(employer_enum).to_physical().cast(pl.Int32).to_numpy()


def _read_candidates(folder: Path, problems: _Problems) -> pl.DataFrame | None:
    """candidates.csv as text, every id and employer present and each id once."""
    cands = _read_text(folder / CANDIDATES, ["candidate_id", "employer"], problems)
    if cands is not None:
        for column in ("candidate_id", "employer"):
            _check_present(cands, CANDIDATES, column, problems)
        _check_unique(cands, CANDIDATES, ["candidate_id"], problems)
    return cands


def _read_opportunities(folder: Path, problems: _Problems
                        ) -> tuple[pl.DataFrame | None, pl.Series | None]:
    """opportunities.csv as text (ids and hosts present, ids once) and its whole-number seats."""
    opps = _read_text(folder / OPPORTUNITIES, ["opportunity_id", "host", "seats"], problems)
    seats = None
    if opps is not None:
        for column in ("opportunity_id", "host"):
            _check_present(opps, OPPORTUNITIES, column, problems)
        _check_unique(opps, OPPORTUNITIES, ["opportunity_id"], problems)
        seats = _whole_numbers(opps, OPPORTUNITIES, "seats", problems)
    return opps, seats


def _read_caps(folder: Path, cands: pl.DataFrame | None, problems: _Problems
               ) -> tuple[pl.DataFrame | None, pl.Series | None]:
    """The optional release caps file: known employers, each once, with a whole-number cap."""
    caps = None
    cap_values = None
    if (folder / CAPS).exists():
        caps = _read_text(folder / CAPS, ["employer", "max_release"], problems)
        if caps is not None:
            _check_present(caps, CAPS, "employer", problems)
            _check_unique(caps, CAPS, ["employer"], problems)
            cap_values = _whole_numbers(caps, CAPS, "max_release", problems)
            if cands is not None:
                _check_known(caps, CAPS, "employer", cands["employer"].unique(),
                             f"the employer column of {CANDIDATES}", problems)
    return caps, cap_values


def _read_pairs(
    folder: Path,
    candidate_ids: pl.Series,
    opportunity_ids: pl.Series,
    candidate_employer: np.ndarray,
    opportunity_host: np.ndarray,
    problems: _Problems,
) -> tuple[_Pairs, _Pairs]:
    """pairs.csv split into eligible and own-employer pairs; every problem listed if bad."""
    fast = _read_pairs_fast(
        folder / PAIRS,
        pl.Enum(candidate_ids),
        pl.Enum(opportunity_ids),
        candidate_employer,
        opportunity_host,
    )
    if fast is None:
        _check_pairs_slow(folder / PAIRS, candidate_ids, opportunity_ids, problems)
        if not problems:  # the fast path disagreed with the careful one: be honest about it
            problems.add(f"{PAIRS}: could not be read (unexpected format)")
        raise problems.error()
    return fast


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def write_instance(instance: Instance, directory: str | Path) -> None:
    """Write ``instance`` as a folder of CSV files that :func:`read_instance` reads back.

    Excluded (own-employer) pairs are written too, after the eligible ones, so a round trip
    reports the same excluded count. ``caps.csv`` is written only if the instance has caps, and
    lists only employers that have one.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    employers = pl.Series("employer", instance.employers, dtype=pl.String)
    cand_ids = pl.Series("candidate_id", instance.candidate_ids, dtype=pl.String)
    opp_ids = pl.Series("opportunity_id", instance.opportunity_ids, dtype=pl.String)

    pl.DataFrame(
        {"candidate_id": cand_ids, "employer": employers.gather(instance.candidate_employer)}
    ).write_csv(folder / CANDIDATES)
    pl.DataFrame(
        {
            "opportunity_id": opp_ids,
            "host": employers.gather(instance.opportunity_host),
            "seats": pl.Series(instance.seats, dtype=pl.Int64),
        }
    ).write_csv(folder / OPPORTUNITIES)
    cand_idx = np.concatenate([instance.cand_idx, instance.excluded_cand_idx])
    opp_idx = np.concatenate([instance.opp_idx, instance.excluded_opp_idx])
    score = np.concatenate([instance.score, instance.excluded_score])
    pl.DataFrame(
        {
            "candidate_id": cand_ids.gather(cand_idx),
            "opportunity_id": opp_ids.gather(opp_idx),
            "score": pl.Series(score, dtype=pl.Int64),
        }
    ).write_csv(folder / PAIRS)
    caps_path = folder / CAPS
    if instance.max_release is not None:
        capped = np.flatnonzero(instance.max_release != NO_CAP)
        pl.DataFrame(
            {
                "employer": employers.gather(capped),
                "max_release": pl.Series(instance.max_release[capped], dtype=pl.Int64),
            }
        ).write_csv(caps_path)
    elif caps_path.exists():
        caps_path.unlink()
