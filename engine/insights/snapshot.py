"""Validated import of ESR-style staff snapshots and WRES/WDES event files.

Every file is validated as a whole and **all-or-nothing**: each rejected row is collected
as a :class:`Rejection` (line number, field, value, reason) and, if there is any, nothing
is produced - :func:`validate_snapshot` returns the full list, :func:`import_snapshot`
raises :class:`ImportRejected` carrying it.

Line numbers are physical lines of a CSV file (the header is line 1) or worksheet rows
of an XLSX file. A quoted CSV field containing a newline is reported at the line the
record starts on.

Validation is vectorised with Polars; the only per-line Python work is the structural
pass over CSV files that contain quote characters (files without quotes, the usual ESR
export, get a NumPy pass that counts separators per line).
"""

from __future__ import annotations

import csv
import hashlib
import io
import mmap
import os
import zipfile
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import Final
from typing import Literal
from typing import TypedDict
from typing import Unpack

import numpy as np
import polars as pl

from . import codes

ProgressCallback = Callable[[int, int], None]
Source = str | Path | bytes

SNAPSHOT_COLUMNS: Final[tuple[str, ...]] = (
    "person_id",
    "org_code",
    "band",
    "staff_group",
    "ethnic_category",
    "sex",
    "disability",
    "date_of_birth",
    "fte",
    "start_date",
)
#: Optional snapshot column: Y/N board member flag (board is a separate pipeline level).
SNAPSHOT_OPTIONAL: Final[tuple[str, ...]] = ("board",)
RECRUITMENT_COLUMNS: Final[tuple[str, ...]] = (
    "applicant_id",
    "org_code",
    "band",
    "ethnic_category",
    "disability",
    "shortlisted",
    "appointed",
)
DISCIPLINARY_COLUMNS: Final[tuple[str, ...]] = ("person_id", "org_code", "entered_formal_process")
TRAINING_COLUMNS: Final[tuple[str, ...]] = ("person_id", "org_code", "accessed_non_mandatory")

EventKind = Literal["recruitment", "disciplinary", "training"]
EVENT_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "recruitment": RECRUITMENT_COLUMNS,
    "disciplinary": DISCIPLINARY_COLUMNS,
    "training": TRAINING_COLUMNS,
}

BAND_ENUM: Final = pl.Enum(list(codes.BANDS))
LEVEL_ENUM: Final = pl.Enum([*codes.LEVELS, *codes.MEDICAL_GRADES])
ETHNIC_ENUM: Final = pl.Enum(list(codes.ETHNIC_CODE_ORDER))
GROUP_ENUM: Final = pl.Enum(["white", "minority", "unknown"])
SEX_ENUM: Final = pl.Enum(list(codes.SEX_CODES))
DISABILITY_ENUM: Final = pl.Enum(list(codes.DISABILITY_CODES))

MAX_FTE: Final = 2.0
#: An XLSX file may declare (in its sheet's ``<dimension>``) or hold at most this many rows and
#: columns; a larger one is refused before any row is read. A whole-England ESR snapshot is
#: about 1.5 million rows of 11 columns (and a worksheet holds at most 1,048,576 rows).
MAX_XLSX_ROWS: Final = 2_000_000
MAX_XLSX_COLUMNS: Final = 100
#: The members of an XLSX file (a zip) may unpack to at most this many bytes in all.
MAX_XLSX_UNPACKED_BYTES: Final = 2 * 1024**3
ROW: Final = "(row)"
FILE: Final = "(file)"
HEADER: Final = "(header)"


@dataclass(frozen=True, slots=True)
class Rejection:
    """One rejected row (or header / file problem)."""

    line: int
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}={self.value!r}: {self.reason}"


class ImportRejected(Exception):
    """Raised by the ``import_*`` functions when any row is rejected."""

    def __init__(self, rejections: Sequence[Rejection]) -> None:
        self.rejections = list(rejections)
        head = "; ".join(str(r) for r in self.rejections[:5])
        more = len(self.rejections) - 5
        super().__init__(
            f"{len(self.rejections)} rejected row(s): {head}"
            + (f" (+{more} more)" if more > 0 else "")
        )


@dataclass(slots=True)
class ImportResult:
    """Outcome of validating one file: either ``frame`` or ``rejections``, never both."""

    frame: pl.DataFrame | None
    rejections: list[Rejection] = field(default_factory=list)
    #: SHA-256 of the file's bytes: the same file imported again has the same hash.
    file_hash: str | None = None

    @property
    def ok(self) -> bool:
        return self.frame is not None and not self.rejections


class ImportOptions(TypedDict, total=False):
    """How :func:`validate_snapshot`, :func:`validate_events` and the ``import_*``
    functions read a file (every key optional)."""

    #: our column names to the file's headers, e.g.
    #: ``{"person_id": "Employee Number", "band": "Pay Band"}``
    mapping: Mapping[str, str] | None
    #: the organisation codes a row may name (any ODS code when ``None``)
    known_org_codes: set[str] | frozenset[str] | None
    #: called with (rows checked, rows in all) as the rows are checked
    on_progress: ProgressCallback | None
    #: how many rows are checked at a time (default 250,000)
    batch_rows: int


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """What :func:`write_parquet` wrote."""

    path: str
    rows: int
    per_org: dict[str, int]
    content_hash: str


# --- reading the raw table ------------------------------------------------------------


@dataclass(slots=True)
class _Raw:
    header: list[str]
    frame: pl.DataFrame  # all columns Utf8, named as in the header
    lines: np.ndarray  # physical line number of each frame row
    rejections: list[Rejection]
    file_hash: str = ""


def _load_bytes(source: Source) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, ""
    path = Path(source)
    return path.read_bytes(), path.suffix.lower()


def _looks_like_xlsx(data: bytes, suffix: str) -> bool:
    return suffix in {".xlsx", ".xlsm"} or (suffix == "" and data[:4] == b"PK\x03\x04")


def _snippet(raw: bytes | str, limit: int = 120) -> str:
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return text if len(text) <= limit else text[:limit] + "..."


def _read_raw(source: Source, progress: ProgressCallback | None) -> _Raw:
    data, suffix = _load_bytes(source)
    if _looks_like_xlsx(data, suffix):
        name = "" if isinstance(source, bytes) else Path(source).name
        raw = _read_xlsx(data, name)
    else:
        raw = _read_csv(data, progress)
    raw.file_hash = hashlib.sha256(data).hexdigest()
    return raw


def _line_spans(data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive, without CR/LF) offsets of every physical line."""
    arr = np.frombuffer(data, dtype=np.uint8)
    nl = np.flatnonzero(arr == 10)
    ends = nl if len(data) and data[-1:] == b"\n" else np.append(nl, len(data))
    starts = np.concatenate(([0], nl + 1))[: len(ends)]
    cr = (ends > starts) & (arr[np.maximum(ends - 1, 0)] == 13)
    return starts, ends - cr.astype(np.int64)


def _read_csv(data: bytes, progress: ProgressCallback | None) -> _Raw:
    rejections: list[Rejection] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        return _Raw(
            [], pl.DataFrame(), np.empty(0, np.int64), [Rejection(1, FILE, "", "file is empty")]
        )
    starts, ends = _line_spans(data)
    bad_lines: set[int] = set()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            try:
                data[s:e].decode("utf-8")
            except UnicodeDecodeError as exc:
                bad_lines.add(i)
                rejections.append(
                    Rejection(
                        i + 1, ROW, _snippet(data[s:e]), f"not valid UTF-8 text ({exc.reason})"
                    )
                )
    # Trailing blank lines are tolerated; blank lines elsewhere are rejected below.
    n_lines = len(starts)
    while n_lines > 1 and ends[n_lines - 1] == starts[n_lines - 1]:
        n_lines -= 1
    starts, ends = starts[:n_lines], ends[:n_lines]
    if 0 in bad_lines:
        return _Raw([], pl.DataFrame(), np.empty(0, np.int64), rejections)
    header_text = data[starts[0] : ends[0]].decode("utf-8")
    header = next(csv.reader([header_text]))
    header = [h.strip() for h in header]
    n_fields = len(header)
    body_quoted = b'"' in data[ends[0] :]
    if progress:
        progress(0, n_lines - 1)
    if body_quoted:
        return _read_csv_quoted(data, header, bad_lines, rejections)

    arr = np.frombuffer(data, dtype=np.uint8)
    # Separators per line: positions of every comma, bucketed by line start offsets.
    comma_pos = np.flatnonzero(arr == 44)
    bounds = np.append(starts, len(data))
    fields = np.diff(np.searchsorted(comma_pos, bounds)) + 1
    del comma_pos
    body = np.arange(1, n_lines)
    wrong = body[(fields[1:] != n_fields) | (ends[1:] == starts[1:])]
    for i in wrong.tolist():
        if i in bad_lines:
            continue
        found = 0 if ends[i] == starts[i] else int(fields[i])
        rejections.append(
            Rejection(
                i + 1,
                ROW,
                _snippet(data[starts[i] : ends[i]]),
                f"expected {n_fields} fields, found {found}"
                + (" (blank line)" if found == 0 else " (truncated or malformed row)"),
            )
        )
    drop = set(wrong.tolist()) | bad_lines
    if drop:
        keep = np.array([i for i in range(1, n_lines) if i not in drop], dtype=np.int64)
        text = b"\n".join(data[starts[i] : ends[i]] for i in keep.tolist())
    else:
        keep = body
        text = data[starts[1] : ends[n_lines - 1]] if n_lines > 1 else b""
    frame = _polars_parse(text, header, len(keep))
    return _Raw(header, frame, keep + 1, rejections)


def _polars_parse(body: bytes, header: list[str], expected_rows: int) -> pl.DataFrame:
    names = [f"__c{i}" for i in range(len(header))]
    if expected_rows == 0:
        return pl.DataFrame({n: pl.Series([], dtype=pl.String) for n in names})
    frame = pl.read_csv(
        body,
        has_header=False,
        new_columns=names,
        infer_schema=False,
        quote_char=None,
    )
    if frame.height != expected_rows:  # pragma: no cover - structural pass guarantees this
        raise RuntimeError(f"parsed {frame.height} rows, expected {expected_rows}")
    return frame.with_columns(pl.all().fill_null(""))


def _read_csv_quoted(
    data: bytes, header: list[str], bad_lines: set[int], rejections: list[Rejection]
) -> _Raw:
    text = data.decode("utf-8", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    n_fields = len(header)
    columns: list[list[str]] = [[] for _ in header]
    lines: list[int] = []
    prev = reader.line_num
    for row in reader:
        start = prev + 1
        prev = reader.line_num
        if (start - 1) in bad_lines:
            continue
        if len(row) != n_fields:
            if not row and _only_blank_after(text, start):
                break
            rejections.append(
                Rejection(
                    start,
                    ROW,
                    _snippet(",".join(row)),
                    f"expected {n_fields} fields, found {len(row)}"
                    + (" (blank line)" if not row else " (truncated or malformed row)"),
                )
            )
            continue
        for col, value in zip(columns, row, strict=True):
            col.append(value)
        lines.append(start)
    frame = pl.DataFrame(
        {f"__c{i}": pl.Series(col, dtype=pl.String) for i, col in enumerate(columns)}
    )
    return _Raw(header, frame, np.asarray(lines, dtype=np.int64), rejections)


def _only_blank_after(text: str, line: int) -> bool:
    return all(not ln.strip() for ln in text.splitlines()[line - 1 :])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):  # datetime is a date subclass
        return value.isoformat()[:10]
    return str(value).strip()


_LIMITS = (
    f"an XLSX file may have at most {MAX_XLSX_ROWS:,} rows and {MAX_XLSX_COLUMNS:,} columns"
)


def _unpacked_too_large(data: bytes) -> str | None:
    """Why the zip's members are too large to unpack (their declared sizes: Python's zip
    reader never unpacks more than a member declares), or None."""

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None  # openpyxl reports it as not a readable XLSX file
    if total > MAX_XLSX_UNPACKED_BYTES:
        return (f"unpacks to {total:,} bytes; an XLSX file may unpack to at most "
                f"{MAX_XLSX_UNPACKED_BYTES:,} bytes")
    return None


def _too_many_cells(ws: object) -> str | None:
    """Why the sheet's declared dimension is over the caps, or None (no dimension declared:
    the caps are then checked row by row)."""
    rows, columns = getattr(ws, "max_row", None), getattr(ws, "max_column", None)
    if (rows or 0) > MAX_XLSX_ROWS or (columns or 0) > MAX_XLSX_COLUMNS:
        return f"declares {rows or 0:,} rows and {columns or 0:,} columns; {_LIMITS}"
    return None


def _past_caps(number: int, row: tuple[object, ...]) -> str | None:
    if number > MAX_XLSX_ROWS:
        return f"has more than {MAX_XLSX_ROWS:,} rows; {_LIMITS}"
    if len(row) > MAX_XLSX_COLUMNS:  # a cell, even an empty one, past the last column allowed
        return f"has a cell in column {len(row):,}; {_LIMITS}"
    return None


def _read_xlsx(data: bytes, name: str = "") -> _Raw:
    """Read the first worksheet. Refused whole, before any row is read, if the zip unpacks to
    more than :data:`MAX_XLSX_UNPACKED_BYTES` or the sheet declares more than
    :data:`MAX_XLSX_ROWS` rows or :data:`MAX_XLSX_COLUMNS` columns; and as soon as a row past
    either cap is met in a sheet that declares no dimension."""
    # openpyxl is slow to import and only this needs it
    from openpyxl import load_workbook

    empty = np.empty(0, np.int64)

    def refused(line: int, reason: str) -> _Raw:
        return _Raw([], pl.DataFrame(), empty, [Rejection(line, FILE, name, reason)])

    too_large = _unpacked_too_large(data)
    if too_large:
        return refused(0, too_large)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a bad file
        return refused(0, f"not a readable XLSX file: {exc}")
    try:
        ws = wb.worksheets[0]
        too_many = _too_many_cells(ws)
        if too_many:
            return refused(0, too_many)
        # Read every row the sheet holds, not only those its dimension declares; rows are
        # not padded to a width, and the caps are checked on each one.
        ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            return refused(1, "worksheet is empty")
        past = _past_caps(1, first)
        if past:
            return refused(1, past)
        header = [_cell_text(v) for v in first]
        while header and header[-1] == "":
            header.pop()
        n = len(header)
        columns: list[list[str]] = [[] for _ in header]
        lines: list[int] = []
        rejections: list[Rejection] = []
        for number, row in enumerate(rows, start=2):
            past = _past_caps(number, row)
            if past:
                return refused(number, past)
            cells = [_cell_text(v) for v in row]
            if not any(cells):
                continue
            extra = [c for c in cells[n:] if c]
            if extra:
                rejections.append(
                    Rejection(
                        number,
                        ROW,
                        _snippet(",".join(cells)),
                        f"expected {n} fields, found {n + len(cells[n:])}",
                    )
                )
                continue
            cells = (cells + [""] * n)[:n]
            for col, value in zip(columns, cells, strict=True):
                col.append(value)
            lines.append(number)
    finally:
        wb.close()
    frame = pl.DataFrame({f"__c{i}": pl.Series(c, dtype=pl.String) for i, c in enumerate(columns)})
    return _Raw(header, frame, np.asarray(lines, dtype=np.int64), rejections)


# --- column mapping ------------------------------------------------------------------


def _map_columns(
    raw: _Raw, required: Sequence[str], optional: Sequence[str], mapping: Mapping[str, str] | None
) -> tuple[dict[str, str], list[Rejection]]:
    """Return {our_name: internal column} or header rejections."""
    mapping = dict(mapping or {})
    rejections: list[Rejection] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(raw.header):
        key = h.lower()
        if key in seen:
            rejections.append(
                Rejection(1, HEADER, h, f"duplicate column (also column {seen[key] + 1})")
            )
        else:
            seen[key] = i
    out: dict[str, str] = {}
    for name in (*required, *optional):
        theirs = mapping.get(name, name)
        idx = seen.get(theirs.strip().lower())
        if idx is None:
            if name in required:
                rejections.append(
                    Rejection(1, HEADER, theirs, f"missing required column for {name!r}")
                )
            continue
        out[name] = f"__c{idx}"
    unknown = set(mapping) - set(required) - set(optional)
    rejections.extend(
        Rejection(1, HEADER, k, "column mapping names an unknown field") for k in sorted(unknown)
    )
    return out, rejections


# --- vectorised field checks ---------------------------------------------------------

Check = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]


def _reason(cond: pl.Expr, text: str) -> pl.Expr:
    return pl.when(cond).then(pl.lit(text))


def _first_reason(*pairs: tuple[pl.Expr, str]) -> pl.Expr:
    expr = pl.when(pairs[0][0]).then(pl.lit(pairs[0][1]))
    for cond, text in pairs[1:]:
        expr = expr.when(cond).then(pl.lit(text))
    return expr


def check_id(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    v = col.str.strip_chars()
    return v, _first_reason(
        (v == "", "missing identifier"),
        (v.str.len_chars() > 64, "identifier longer than 64 characters"),
    )


def check_org(known: frozenset[str] | None) -> Check:
    def run(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        v = col.str.strip_chars().str.to_uppercase()
        pairs = [
            (v == "", "missing organisation code"),
            (~v.str.contains(r"^[A-Z0-9]{3,6}$"), "not an ODS organisation code"),
        ]
        if known is not None:
            pairs.append((~v.is_in(sorted(known)), "organisation code not in the known list"))
        return v, _first_reason(*pairs)

    return run


def _lookup(
    aliases: Mapping[str, str], dtype: pl.DataType, upper: bool = False
) -> Callable[[pl.Expr], pl.Expr]:
    def run(col: pl.Expr) -> pl.Expr:
        v = col.str.strip_chars()
        v = v.str.to_uppercase() if upper else v.str.to_lowercase()
        return v.replace_strict(dict(aliases), default=None, return_dtype=pl.String).cast(dtype)

    return run


def _coded(
    aliases: Mapping[str, str], dtype: pl.DataType, reason: str, upper: bool = False
) -> Check:
    look = _lookup(aliases, dtype, upper)

    def run(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        v = look(col)
        return v, _reason(v.is_null(), reason)

    return run


check_band = _coded(codes.band_aliases(), BAND_ENUM, "unknown band or grade")
check_ethnic = _coded(
    codes.ethnic_aliases(), ETHNIC_ENUM, "unknown ethnic category code", upper=True
)
check_sex = _coded(codes.sex_aliases(), SEX_ENUM, "unknown sex code")
check_disability = _coded(codes.disability_aliases(), DISABILITY_ENUM, "unknown disability code")
check_staff_group = _coded(codes.staff_group_aliases(), pl.String(), "unknown staff group")


def check_bool(default: bool | None = None) -> Check:
    aliases = {k: ("Y" if v else "N") for k, v in codes.BOOLEAN_ALIASES.items()}
    if default is not None:
        aliases[""] = "Y" if default else "N"

    def run(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        v = (
            col.str.strip_chars()
            .str.to_lowercase()
            .replace_strict(aliases, default=None, return_dtype=pl.String)
        )
        return v == "Y", _reason(v.is_null(), "not a yes/no value (Y/N, 1/0, true/false)")

    return run


def _parse_date(col: pl.Expr) -> pl.Expr:
    v = col.str.strip_chars()
    return pl.coalesce(
        v.str.to_date("%Y-%m-%d", strict=False),
        v.str.to_date("%d/%m/%Y", strict=False),
    )


def check_date(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    raw = col.str.strip_chars()
    v = _parse_date(col)
    today = date.today()
    return v, _first_reason(
        (raw == "", "missing date"),
        (v.is_null(), "not a date (YYYY-MM-DD or DD/MM/YYYY)"),
        (v < date(1900, 1, 1), "date before 1900"),
        (v > today, "date in the future"),
    )


def check_fte(col: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    raw = col.str.strip_chars()
    v = raw.cast(pl.Float64, strict=False)
    return v, _first_reason(
        (raw == "", "missing FTE"),
        (v.is_null() | v.is_nan(), "FTE is not a number"),
        ((v <= 0) | (v > MAX_FTE), f"FTE must be above 0 and at most {MAX_FTE:g}"),
    )


# --- the validation driver -----------------------------------------------------------

#: A rule across columns: (true for a bad row, the field it is reported on, the reason).
Rule = tuple[pl.Expr, str, str]


@dataclass(frozen=True, slots=True)
class _FileKind:
    """What one kind of file holds.

    Its columns are ``id_column`` (checked with :func:`check_id`), ``org_code`` (with
    :func:`check_org`) and ``checks``, plus the ``optional`` ones it may have.
    """

    id_column: str
    checks: Mapping[str, Check]
    optional: Mapping[str, Check] = field(default_factory=dict)
    rules: Sequence[Rule] = ()
    #: no two rows may share this column
    unique_key: str | None = None
    #: what a valid file's frame becomes (derived columns)
    finish: Callable[[pl.DataFrame], pl.DataFrame] | None = None


def _validate(
    source: Source,
    kind: _FileKind,
    *,
    mapping: Mapping[str, str] | None = None,
    known_org_codes: set[str] | frozenset[str] | None = None,
    on_progress: ProgressCallback | None = None,
    batch_rows: int = 250_000,
) -> ImportResult:
    """Run every check of ``kind`` (the options are :class:`ImportOptions`).

    Coded, date and number columns have few distinct values even in a large file, so
    each check runs on the distinct raw values and the result is mapped back with a
    hash lookup; identifier columns are checked row by row (still vectorised).
    """
    known = frozenset(c.upper() for c in known_org_codes) if known_org_codes is not None else None
    checks = {kind.id_column: check_id, "org_code": check_org(known), **kind.checks}
    raw = _read_raw(source, on_progress)
    rejections = list(raw.rejections)
    if not raw.header:
        return ImportResult(None, rejections, raw.file_hash)
    cols, header_rejections = _map_columns(raw, list(checks), list(kind.optional), mapping)
    if header_rejections:
        return ImportResult(None, rejections + header_rejections, raw.file_hash)
    all_checks = {**checks, **{k: v for k, v in kind.optional.items() if k in cols}}
    total = raw.frame.height
    base = raw.frame.select(
        pl.Series("__line", raw.lines, dtype=pl.Int64),
        *[pl.col(internal).alias(f"__raw_{name}") for name, internal in cols.items()],
    )
    values: list[pl.DataFrame] = []
    found: list[pl.DataFrame] = []
    for offset in range(0, max(total, 1), batch_rows):
        checked = _check_batch(base.slice(offset, batch_rows), all_checks, kind.rules, found)
        values.append(checked.select(["__line", *all_checks]))
        if on_progress:
            on_progress(min(offset + batch_rows, total), total)
    frame = pl.concat(values) if values else pl.DataFrame()
    unique_key = kind.unique_key
    if unique_key is not None and frame.height and frame[unique_key].is_duplicated().any():
        found += _duplicates(frame, unique_key)
    if found:
        bad = pl.concat(found).sort("__line", maintain_order=True)
        rejections.extend(
            Rejection(int(line), str(fld), str(val), str(why))
            for line, fld, val, why in bad.iter_rows()
        )
    if rejections:
        rejections.sort(key=lambda r: r.line)
        return ImportResult(None, rejections, raw.file_hash)
    frame = frame.drop("__line")
    return ImportResult(kind.finish(frame) if kind.finish else frame, [], raw.file_hash)


def _check_batch(
    chunk: pl.DataFrame,
    all_checks: Mapping[str, Check],
    rules: Sequence[Rule],
    found: list[pl.DataFrame],
) -> pl.DataFrame:
    """Check one batch of rows; add its failures (line, field, value, reason) to ``found``."""
    exprs: list[pl.Expr] = [pl.col("__line")]
    for name, check in all_checks.items():
        value, reason = _dedupe(chunk, f"__raw_{name}", check, per_row=check is check_id)
        exprs += [value.alias(name), reason.alias(f"__why_{name}"), pl.col(f"__raw_{name}")]
    checked = chunk.select(exprs)
    if rules:
        checked = checked.with_columns(
            [expr.alias(f"__rule_{i}") for i, (expr, _, _) in enumerate(rules)]
        )
    for name in all_checks:
        found.append(
            checked.filter(pl.col(f"__why_{name}").is_not_null()).select(
                pl.col("__line"),
                pl.lit(name).alias("field"),
                pl.col(f"__raw_{name}").alias("value"),
                pl.col(f"__why_{name}").alias("reason"),
            )
        )
    for i, (_, fld, reason) in enumerate(rules):
        found.append(
            checked.filter(pl.col(f"__rule_{i}").fill_null(False)).select(
                pl.col("__line"),
                pl.lit(fld).alias("field"),
                pl.col(f"__raw_{fld}").alias("value"),
                pl.lit(reason).alias("reason"),
            )
        )
    return checked


def _duplicates(frame: pl.DataFrame, unique_key: str) -> list[pl.DataFrame]:
    """Rows repeating an earlier row's ``unique_key``, naming the line it first appeared on."""
    dup = frame.select(
        pl.col("__line"),
        pl.col(unique_key),
        pl.col("__line").first().over(unique_key).alias("__first"),
    ).filter(pl.col("__line") != pl.col("__first"))
    if not dup.height:
        return []
    return [
        dup.select(
            pl.col("__line"),
            pl.lit(unique_key).alias("field"),
            pl.col(unique_key).cast(pl.String).alias("value"),
            pl.format(
                "duplicate {} (first on line {})", pl.lit(unique_key), pl.col("__first")
            ).alias("reason"),
        )
    ]


def _dedupe(
    chunk: pl.DataFrame, column: str, check: Check, *, per_row: bool
) -> tuple[pl.Expr, pl.Expr]:
    value, reason = check(pl.col(column))
    if per_row:
        return value, reason
    distinct = chunk.select(pl.col(column).unique()).with_columns(
        value.alias("__v"), reason.alias("__r")
    )
    keys = distinct.get_column(column)
    mapped = pl.col(column).replace_strict(
        keys, distinct.get_column("__v"), return_dtype=distinct.schema["__v"]
    )
    reasons = distinct.get_column("__r")
    if reasons.null_count() == len(reasons):
        return mapped, pl.lit(None, dtype=pl.String)
    return mapped, pl.col(column).replace_strict(keys, reasons, return_dtype=pl.String)


def content_hash(frame: pl.DataFrame, key: str) -> str:
    """SHA-256 of a canonical serialisation (sorted by ``key``) of a validated frame.

    Re-importing the same data (even re-ordered, or from CSV rather than XLSX) gives the
    same hash, so callers can detect an unchanged import.
    """
    canonical = frame.sort(key).with_columns(pl.col(pl.Enum).cast(pl.String))
    buf = io.BytesIO()
    canonical.write_csv(buf)
    return hashlib.sha256(buf.getvalue()).hexdigest()


def finish_snapshot(frame: pl.DataFrame) -> pl.DataFrame:
    """Add derived columns (``board``, ``level``, ``ethnic_group``) in canonical order."""
    if "board" not in frame.columns:
        frame = frame.with_columns(pl.lit(False).alias("board"))
    bands = list(codes.BANDS)
    frame = frame.with_columns(
        pl.when(pl.col("board"))
        .then(pl.lit(codes.BOARD, dtype=LEVEL_ENUM))
        .otherwise(pl.col("band").replace_strict(bands, bands, return_dtype=LEVEL_ENUM))
        .alias("level"),
        ethnic_group_expr(pl.col("ethnic_category")).alias("ethnic_group"),
    )
    return frame.select([*SNAPSHOT_COLUMNS, "board", "level", "ethnic_group"])


def ethnic_group_expr(code: pl.Expr) -> pl.Expr:
    """White / minority / unknown from a national ethnic category column (String or Enum).

    Anything that is not a White or ethnic-minority code counts as unknown.
    """
    order = list(codes.ETHNIC_CODE_ORDER)
    return code.replace_strict(
        order,
        [codes.ethnic_group(c) for c in order],
        default=pl.lit("unknown", dtype=GROUP_ENUM),
        return_dtype=GROUP_ENUM,
    )


_SNAPSHOT = _FileKind(
    "person_id",
    {
        "band": check_band,
        "staff_group": check_staff_group,
        "ethnic_category": check_ethnic,
        "sex": check_sex,
        "disability": check_disability,
        "date_of_birth": check_date,
        "fte": check_fte,
        "start_date": check_date,
    },
    optional={"board": check_bool(default=False)},
    rules=[
        (
            pl.col("start_date") < pl.col("date_of_birth"),
            "start_date",
            "start date before date of birth",
        )
    ],
    unique_key="person_id",
    finish=finish_snapshot,
)


def validate_snapshot(source: Source, **options: Unpack[ImportOptions]) -> ImportResult:
    """Validate an ESR-style staff snapshot (CSV or XLSX); never raises for bad data.

    ``options`` (:class:`ImportOptions`): ``mapping`` maps our column names to the file's
    headers, e.g. ``{"person_id": "Employee Number", "band": "Pay Band"}``.
    """
    return _validate(source, _SNAPSHOT, **options)


def import_snapshot(source: Source, **options: Unpack[ImportOptions]) -> pl.DataFrame:
    """Like :func:`validate_snapshot` but raise :class:`ImportRejected` on any rejection."""
    result = validate_snapshot(source, **options)
    if not result.ok:
        raise ImportRejected(result.rejections)
    assert result.frame is not None
    return result.frame


#: Stored files are read far more often than written: LZ4 decompresses faster than zstd
#: (a whole-England snapshot of 1.5 M staff: about 29 MB instead of 17 MB, read in ~7% less
#: time by the benchmark).
STORED_COMPRESSION: Final = "lz4"


def write_parquet(frame: pl.DataFrame, path: str | Path) -> SnapshotSummary:
    """Write a validated snapshot to Parquet (with :func:`person_keys` when every id
    has one, the rows sorted by them) and summarise it.

    Sorted keys let the figures join event files to the snapshot by merging two sorted
    lists rather than hashing every member of staff (``wres.sorted_by_key``); a snapshot
    stored unsorted (before this) is read the same, only more slowly.
    """
    path = Path(path)
    stored = with_person_key(frame)
    if PERSON_KEY in stored.columns and not stored.get_column(PERSON_KEY).is_sorted():
        stored = stored.sort(PERSON_KEY)
    stored.write_parquet(path, compression=STORED_COMPRESSION, statistics=True)
    per_org = dict(frame.group_by("org_code").len().sort("org_code").iter_rows())
    return SnapshotSummary(str(path), frame.height, per_org, content_hash(frame, "person_id"))


def write_events_parquet(frame: pl.DataFrame, path: str | Path) -> None:
    """Write a validated event file to Parquet, with :func:`person_keys` when it has
    ``person_id`` and every id has one."""
    with_person_key(frame).write_parquet(
        Path(path), compression=STORED_COMPRESSION, statistics=True
    )


#: Ids of at most :data:`PERSON_KEY_WIDTH` of these characters (ESR employee and
#: assignment numbers, for instance) have an exact integer key (:func:`person_keys`).
PERSON_KEY_ALPHABET: Final = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PERSON_KEY_WIDTH: Final = 12
PERSON_KEY: Final = "person_key"
_KEY_BASE: Final = len(PERSON_KEY_ALPHABET) + 1  # digit 0 pads short ids
_KEY_DIGITS: Final = np.zeros(256, dtype=np.uint8)
_KEY_DIGITS[[ord(c) for c in PERSON_KEY_ALPHABET]] = np.arange(1, _KEY_BASE, dtype=np.uint8)


def person_keys(ids: pl.Series) -> pl.Series | None:
    """One exact UInt64 key per id, or ``None`` when some id has no key.

    An id of 1 to :data:`PERSON_KEY_WIDTH` characters from
    :data:`PERSON_KEY_ALPHABET` is read as a base-38 number of 12 digits (its
    characters are the digits 1-37 and it is padded with 0 on the right), so two
    different ids never have the same key (38**12 < 2**64). Joining stored snapshots and
    event files on these keys is exact and much cheaper than joining on the text.

    All the ids' bytes are read at once as one array (one row per id, padded when the
    ids differ in length); a byte outside the alphabet is digit 0, so an id has a key
    when its row holds exactly as many non-zero digits as it has bytes.
    """
    if len(ids) == 0 or ids.null_count():
        return None
    lengths = ids.str.len_bytes()
    shortest, longest = lengths.min(), lengths.max()
    if not (isinstance(shortest, int) and isinstance(longest, int)):
        return None
    if shortest < 1 or longest > PERSON_KEY_WIDTH:
        return None
    if shortest != longest:
        if (ids.str.len_chars() != lengths).any():  # non-ASCII: padding would misalign
            return None
        ids = ids.str.pad_end(longest, " ")
    blob = np.frombuffer(ids.str.join("").item().encode(), dtype=np.uint8)
    digits = _KEY_DIGITS[blob].reshape(-1, longest)
    if shortest == longest:
        valid = bool(digits.all())
    else:
        valid = bool(((digits != 0).sum(axis=1) == lengths.to_numpy()).all())
    if not valid:
        return None
    keys = np.zeros(len(ids), dtype=np.uint64)
    for column in np.ascontiguousarray(digits.T):  # Horner's rule, in place
        keys *= np.uint64(_KEY_BASE)
        keys += column
    keys *= np.uint64(_KEY_BASE ** (PERSON_KEY_WIDTH - longest))  # the padding digits
    return pl.Series(PERSON_KEY, keys)


def with_person_key(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` plus a ``person_key`` column, when it has ``person_id`` with keys."""
    if "person_id" not in frame.columns:
        return frame
    keys = person_keys(frame.get_column("person_id"))
    return frame if keys is None else frame.with_columns(keys)


def read_snapshot(source: pl.DataFrame | pl.LazyFrame | str | Path) -> pl.LazyFrame:
    """A validated snapshot as a LazyFrame, from a frame or a Parquet file."""
    if isinstance(source, pl.LazyFrame):
        return source
    if isinstance(source, pl.DataFrame):
        return source.lazy()
    return pl.scan_parquet(source)


# --- event files ---------------------------------------------------------------------


_EVENT_FILES: Final[dict[str, _FileKind]] = {
    "recruitment": _FileKind(
        "applicant_id",
        {
            "band": check_band,
            "ethnic_category": check_ethnic,
            "disability": check_disability,
            "shortlisted": check_bool(),
            "appointed": check_bool(),
        },
        rules=[
            (
                pl.col("appointed") & ~pl.col("shortlisted"),
                "appointed",
                "appointed but not shortlisted",
            )
        ],
        finish=lambda frame: frame.with_columns(
            ethnic_group_expr(pl.col("ethnic_category")).alias("ethnic_group")
        ),
    ),
    "disciplinary": _FileKind("person_id", {"entered_formal_process": check_bool()}),
    "training": _FileKind("person_id", {"accessed_non_mandatory": check_bool()}),
}


def validate_events(
    source: Source, kind: EventKind, **options: Unpack[ImportOptions]
) -> ImportResult:
    """Validate ``recruitment.csv``, ``disciplinary.csv`` or ``training.csv``.

    Booleans may be Y/N, 1/0 or true/false. Recruitment rows are applications: one
    applicant may appear more than once. In disciplinary and training files a person may
    appear more than once; the WRES figures count distinct people. ``options`` as for
    :func:`validate_snapshot`.
    """
    if kind not in _EVENT_FILES:
        raise ValueError(f"unknown event kind {kind!r}")
    return _validate(source, _EVENT_FILES[kind], **options)


def import_events(
    source: Source, kind: EventKind, **options: Unpack[ImportOptions]
) -> pl.DataFrame:
    """Like :func:`validate_events` but raise :class:`ImportRejected` on any rejection."""
    result = validate_events(source, kind, **options)
    if not result.ok:
        raise ImportRejected(result.rejections)
    assert result.frame is not None
    return result.frame


#: A Categorical column whose codes go up to this many times its length (plus a margin)
#: is mapped with a hash lookup rather than a dense lookup table (see `map_distinct`).
_DENSE_LOOKUP_FACTOR: Final = 4
_DENSE_LOOKUP_MARGIN: Final = 1 << 16


def distinct_lookup(
    series: pl.Series,
    fn: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType,
    *,
    dense: bool | None = None,
    uniq: pl.Series | None = None,
) -> pl.Expr:
    """An expression giving ``fn`` of ``series`` on a frame holding it, ``fn`` run once
    per distinct value.

    The expression (named like ``series``) evaluates to exactly
    ``fn(pl.col(series.name))`` on any frame whose column of that name is ``series``
    (nulls included: ``fn`` sees them as nulls), but costs one evaluation of ``fn`` per
    distinct value here plus one native lookup per row when evaluated - so several such
    lookups in one ``select`` run in parallel, with no Python in between. ``series`` may
    be String, Categorical or Enum; the last two are looked up in a dense table indexed
    by their physical codes (no string hashing at all) unless those codes are sparse
    (``dense`` forces either path, for tests). ``uniq``: the distinct values of
    ``series``, when already known.
    """
    name = series.name
    if uniq is None:
        uniq = series.unique()
    mapped = uniq.to_frame("v").select(fn(pl.col("v")).cast(dtype).alias("v")).to_series()
    if isinstance(series.dtype, pl.Categorical | pl.Enum):
        codes_ = uniq.to_physical().cast(pl.UInt32)
        top = int(codes_.max() or 0) + 1  # one slot past the largest code is for null
        if dense is None:
            dense = top <= _DENSE_LOOKUP_FACTOR * len(series) + _DENSE_LOOKUP_MARGIN
        if dense:
            table = (
                pl.DataFrame({"i": pl.int_range(top + 1, eager=True, dtype=pl.UInt32)})
                .join(
                    pl.DataFrame({"i": codes_.fill_null(top), "v": mapped}),
                    on="i",
                    how="left",
                    maintain_order="left",
                )
                .get_column("v")
            )
            index = pl.col(name).to_physical().cast(pl.UInt32)
            if series.null_count():
                index = index.fill_null(top)
            return pl.lit(table).gather(index).alias(name)
    keys = uniq.drop_nulls()
    values = mapped.filter(uniq.is_not_null())
    null_value = mapped.filter(uniq.is_null())
    expr = pl.col(name).replace_strict(keys, values, default=None, return_dtype=dtype)
    if len(null_value) and null_value.null_count() == 0:
        expr = expr.fill_null(pl.lit(null_value[0], dtype=dtype))
    return expr.alias(name)


def map_distinct(
    series: pl.Series,
    fn: Callable[[pl.Expr], pl.Expr],
    dtype: pl.DataType,
    *,
    dense: bool | None = None,
) -> pl.Series:
    """``fn`` applied to every value of ``series``, evaluated once per distinct value.

    The result is exactly ``series.to_frame().select(fn(pl.col(...)))``; see
    :func:`distinct_lookup` for how.
    """
    return series.to_frame().select(distinct_lookup(series, fn, dtype, dense=dense)).to_series()


@dataclass(frozen=True, slots=True)
class Normaliser:
    """How one output column of a trusted read comes from one raw (Categorical) column."""

    raw: str
    fn: Callable[[pl.Expr], pl.Expr]
    dtype: pl.DataType


def normalise_frame(
    raw: pl.DataFrame,
    columns: Sequence[str],
    normalisers: Mapping[str, Normaliser],
    derived: Mapping[str, Callable[[Mapping[str, pl.Expr]], pl.Expr]] | None = None,
) -> pl.DataFrame:
    """``columns`` of a raw frame, each coded one mapped once per distinct raw value.

    A column in ``normalisers`` is looked up (:func:`distinct_lookup`) from its raw
    column; one in ``derived`` is built from the lookups of the others (given as
    expressions by output name); any other column is taken as it is. All lookups run in
    one native ``select`` (in parallel, no Python per row or per column).
    """
    derived = derived or {}
    used = {n: norm for n, norm in normalisers.items() if norm.raw in raw.columns}
    sources = list(dict.fromkeys(norm.raw for norm in used.values()))
    # the distinct values of every coded column, found in parallel; an Enum column's
    # are its categories (and null), known without reading a row
    enums = {c: raw.schema[c] for c in sources if isinstance(raw.schema[c], pl.Enum)}
    distinct = raw.select(pl.col(c).unique().implode() for c in sources if c not in enums)
    uniq = {c: distinct.get_column(c).explode() for c in distinct.columns}
    uniq |= {c: pl.Series(c, [*dtype.categories, None], dtype=dtype) for c, dtype in enums.items()}
    lookups = {
        name: distinct_lookup(raw.get_column(norm.raw), norm.fn, norm.dtype, uniq=uniq[norm.raw])
        for name, norm in used.items()
    }
    exprs = []
    for name in columns:
        if name in derived:
            exprs.append(derived[name](lookups).alias(name))
        elif name in lookups:
            exprs.append(lookups[name].alias(name))
        else:
            exprs.append(pl.col(name))
    return raw.select(exprs)


_YES: Final = ["y", "yes", "1", "true", "t"]


def _norm_code(
    aliases: Mapping[str, str], dtype: pl.DataType, upper: bool
) -> Callable[[pl.Expr], pl.Expr]:
    aliases = dict(aliases)

    def run(col: pl.Expr) -> pl.Expr:
        v = col.cast(pl.String).fill_null("").str.strip_chars()
        v = v.str.to_uppercase() if upper else v.str.to_lowercase()
        return v.replace_strict(aliases, default=None, return_dtype=pl.String).cast(dtype)

    return run


def _norm_org(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String).str.strip_chars().str.to_uppercase()


def _norm_flag(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String).str.strip_chars().str.to_lowercase().is_in(_YES)


#: Columns :func:`scan_trusted_csv` gives, in order.
TRUSTED_SNAPSHOT_COLUMNS: Final[tuple[str, ...]] = (
    "person_id",
    "org_code",
    "band",
    "ethnic_category",
    "sex",
    "disability",
    "board",
    "level",
    "ethnic_group",
)


def _snapshot_normalisers() -> dict[str, Normaliser]:
    band = _norm_code(codes.band_aliases(), BAND_ENUM, False)
    ethnic = _norm_code(codes.ethnic_aliases(), ETHNIC_ENUM, True)
    return {
        "org_code": Normaliser("org_code", _norm_org, pl.String()),
        "band": Normaliser("band", band, BAND_ENUM),
        "ethnic_category": Normaliser("ethnic_category", ethnic, ETHNIC_ENUM),
        "sex": Normaliser("sex", _norm_code(codes.sex_aliases(), SEX_ENUM, False), SEX_ENUM),
        "disability": Normaliser(
            "disability",
            _norm_code(codes.disability_aliases(), DISABILITY_ENUM, False),
            DISABILITY_ENUM,
        ),
        "board": Normaliser("board", _norm_flag, pl.Boolean()),
        "band_level": Normaliser("band", lambda c: _band_level(band(c)), LEVEL_ENUM),
        "ethnic_group": Normaliser(
            "ethnic_category", lambda c: ethnic_group_expr(ethnic(c)), GROUP_ENUM
        ),
    }


def _band_level(col: pl.Expr) -> pl.Expr:
    return col.cast(pl.String).cast(LEVEL_ENUM)


def _snapshot_derived(
    strip_ids: bool = True,
) -> dict[str, Callable[[Mapping[str, pl.Expr]], pl.Expr]]:
    def board(x: Mapping[str, pl.Expr]) -> pl.Expr:
        return x.get("board", pl.lit(False))

    def level(x: Mapping[str, pl.Expr]) -> pl.Expr:
        return (
            pl.when(board(x)).then(pl.lit(codes.BOARD, dtype=LEVEL_ENUM)).otherwise(x["band_level"])
        )

    derived = {"board": board, "level": level}
    return {"person_id": _strip_id("person_id"), **derived} if strip_ids else derived


def _strip_id(column: str) -> Callable[[Mapping[str, pl.Expr]], pl.Expr]:
    # Ids are (nearly) all distinct: stripped row by row, not looked up.
    return lambda _: pl.col(column).str.strip_chars()


def scan_trusted_csv(
    path: str | Path,
    columns: Sequence[str] | None = None,
    *,
    strip_ids: bool = True,
    canonical: bool = False,
) -> pl.LazyFrame:
    """Lazily read a snapshot CSV that has *already been validated*, normalising codes.

    This skips row-level checks (use :func:`validate_snapshot` for untrusted files) and
    is what reporting uses to read a CSV directly. Unrecognised codes become null.
    ``columns`` picks some of :data:`TRUSTED_SNAPSHOT_COLUMNS` (default all), and only
    the raw columns those need are parsed.

    Coded columns are parsed as Categorical and each is normalised once per distinct
    value (:func:`normalise_frame`), all in one parallel lookup. ``strip_ids=False``
    leaves ``person_id`` as read, for a caller that checks the ids itself
    (:func:`read_trusted_files`). ``canonical=True`` parses the coded columns straight
    into their canonical codes (:data:`CANONICAL_CODES`), which is faster, and the
    collect fails (``polars.exceptions.ComputeError``) on any other spelling.
    """
    columns = list(columns or TRUSTED_SNAPSHOT_COLUMNS)
    unknown = [c for c in columns if c not in TRUSTED_SNAPSHOT_COLUMNS]
    if unknown:
        raise ValueError(f"unknown snapshot column(s) {unknown}")
    names = pl.scan_csv(path, infer_schema=False).collect_schema().names()
    normalisers = _snapshot_normalisers()
    needs = _SNAPSHOT_RAW_COLUMNS
    raw = list(dict.fromkeys(r for c in columns for r in needs[c] if r in names))
    coded = [c for c in raw if c != "person_id"]
    lf = pl.scan_csv(
        path,
        infer_schema=False,
        schema_overrides=_coded_types(coded, canonical),
        quote_char=_quote_char(path),
    ).select(raw)
    dtypes = {n: norm.dtype for n, norm in normalisers.items()}
    dtypes |= {"person_id": pl.String(), "level": LEVEL_ENUM}
    derived = _snapshot_derived(strip_ids)
    return lf.map_batches(
        lambda df: normalise_frame(df, columns, normalisers, derived),
        schema={c: dtypes[c] for c in columns},
    )


def _quote_char(path: str | Path) -> str | None:
    """``'"'``, or ``None`` for a file with no quote character at all (the usual ESR
    export), which the CSV reader then splits faster."""
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return '"'
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return '"' if data.find(b'"') >= 0 else None


#: the raw columns each output column of :func:`scan_trusted_csv` is made from
_SNAPSHOT_RAW_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    **{c: (c,) for c in TRUSTED_SNAPSHOT_COLUMNS},
    "level": ("band", "board"),
    "ethnic_group": ("ethnic_category",),
}


def scan_trusted_events(
    path: str | Path,
    kind: EventKind,
    columns: Sequence[str] | None = None,
    *,
    strip_ids: bool = True,
    canonical: bool = False,
) -> pl.LazyFrame:
    """Lazily read an already-validated event CSV (booleans as Y/N, 1/0, true/false).

    Coded and yes/no columns are parsed as Categorical and normalised once per distinct
    value (:func:`normalise_frame`). Recruitment gives ``applicant_id, org_code,
    ethnic_group, disability, shortlisted, appointed``; the others ``person_id,
    org_code`` and their yes/no column. ``columns`` picks some of those (default all),
    and only the raw columns they need are parsed. ``strip_ids`` and ``canonical`` as
    for :func:`scan_trusted_csv`.
    """
    if kind not in EVENT_COLUMNS:
        raise ValueError(f"unknown event kind {kind!r}")
    normalisers = {
        "org_code": Normaliser("org_code", _norm_org, pl.String()),
        **{c: Normaliser(c, _norm_flag, pl.Boolean()) for c in _FLAG_COLUMNS},
    }
    derived: dict[str, Callable[[Mapping[str, pl.Expr]], pl.Expr]] = {}
    if kind == "recruitment":
        ethnic = _norm_code(codes.ethnic_aliases(), pl.String(), True)
        normalisers["ethnic_group"] = Normaliser(
            "ethnic_category", lambda c: ethnic_group_expr(ethnic(c)), GROUP_ENUM
        )
        normalisers["disability"] = Normaliser(
            "disability",
            _norm_code(codes.disability_aliases(), DISABILITY_ENUM, False),
            DISABILITY_ENUM,
        )
        given = ["applicant_id", "org_code", "ethnic_group", "disability"]
        given += ["shortlisted", "appointed"]
    else:
        flag = "entered_formal_process" if kind == "disciplinary" else "accessed_non_mandatory"
        given = ["person_id", "org_code", flag]
        if strip_ids:
            derived["person_id"] = _strip_id("person_id")
    unknown = [c for c in columns or () if c not in given]
    if unknown:
        raise ValueError(f"unknown {kind} column(s) {unknown}")
    columns = list(columns or given)
    raw = [normalisers[c].raw if c in normalisers else c for c in columns]
    dtypes = {n: norm.dtype for n, norm in normalisers.items()}
    dtypes |= {"person_id": pl.String(), "applicant_id": pl.String()}
    lf = pl.scan_csv(
        path,
        infer_schema=False,
        schema_overrides=_coded_types([c for c in raw if not c.endswith("_id")], canonical),
        quote_char=_quote_char(path),
    ).select(raw)
    return lf.map_batches(
        lambda df: normalise_frame(df, columns, normalisers, derived),
        schema={c: dtypes[c] for c in columns},
    )


def read_trusted_files(
    snapshot_csv: str | Path,
    events: Mapping[EventKind, tuple[str | Path, Sequence[str] | None]],
    columns: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, dict[EventKind, pl.DataFrame]]:
    """Read an already-validated snapshot CSV and event CSVs (``kind: (path, columns)``),
    the event files on a second thread while the snapshot is parsed: the parser leaves a
    core partly idle, and Polars releases the interpreter while it works.

    Each frame read with ``person_id`` also gets ``person_key`` when every id has an
    exact key (:func:`with_person_key`), as stored snapshots and event files do, so the
    reports join people on integers rather than on the ids' text.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(
            lambda: {
                kind: _keyed(_canonical_first(scan_trusted_events, path, kind, cols))
                for kind, (path, cols) in events.items()
            }
        )
        snapshot = _keyed(_canonical_first(scan_trusted_csv, snapshot_csv, columns))
        return snapshot, pending.result()


def _canonical_first(scan: Callable[..., pl.LazyFrame], *args: object) -> pl.DataFrame:
    """``scan(*args)`` collected, parsed as canonical codes when the file holds only
    those (the usual export), else read again accepting every spelling."""
    try:
        return scan(*args, strip_ids=False, canonical=True).collect()
    except pl.exceptions.ComputeError:
        return scan(*args, strip_ids=False).collect()


_FLAG_COLUMNS: Final = (
    "shortlisted",
    "appointed",
    "entered_formal_process",
    "accessed_non_mandatory",
)


#: The canonical codes of each coded column (as an export writes them), which a
#: canonical read parses straight into Enums.
CANONICAL_CODES: Final[dict[str, pl.Enum]] = {
    "band": BAND_ENUM,
    "ethnic_category": ETHNIC_ENUM,
    "sex": SEX_ENUM,
    "disability": DISABILITY_ENUM,
    **{flag: pl.Enum(["Y", "N"]) for flag in ("board", *_FLAG_COLUMNS)},
}


def _coded_types(coded: Sequence[str], canonical: bool) -> dict[str, pl.DataType]:
    """How to parse each coded column: Categorical, or (``canonical``) the column's
    canonical Enum where it has one."""
    return {
        c: CANONICAL_CODES[c] if canonical and c in CANONICAL_CODES else pl.Categorical()
        for c in coded
    }


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (ids as read) with ``person_key`` when every id has a key: such ids hold
    no spaces, so the strip is skipped; otherwise the ids stripped, then keyed if they
    now all have keys."""
    if "person_id" not in frame.columns:
        return frame
    keys = person_keys(frame.get_column("person_id"))
    if keys is not None:
        return frame.with_columns(keys)
    return with_person_key(frame.with_columns(pl.col("person_id").str.strip_chars()))

