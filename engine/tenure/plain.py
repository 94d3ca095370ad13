"""The fast reader of a plain tenures file: whole columns at once in NumPy, no row objects.

"Plain" means: UTF-8, ``\\n`` line ends, no quotes, no blank lines, every row as wide as the
header, every date empty or ``YYYY-MM-DD``, and every row valid. Such a file is split on its
bytes: the positions of its newlines and commas give every field's start and end, the dates
are read digit by digit, and only the grouping column becomes Python text (each distinct value
decoded once). Anything else returns None, and :mod:`engine.tenure.tenures` reads the file with
the csv module, which describes every problem; so both readers give the same answer on a plain
file, and this one never has to explain anything.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from engine.tenure.columns import ALL
from engine.tenure.columns import NOT_RECORDED
from engine.tenure.columns import REQUIRED

__all__ = ["read_plain"]

_NEWLINE, _COMMA, _ZERO, _DASH = 10, 44, 48, 45
_UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9]  # the places of digits in YYYY-MM-DD


def _fields(
    buf: np.ndarray, width: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """(starts, ends) of every field, shape (rows, width); None unless every line (after the
    header) has exactly ``width`` fields."""
    newlines = np.flatnonzero(buf == _NEWLINE)
    commas = np.flatnonzero(buf == _COMMA)
    per_line = np.diff(np.searchsorted(commas, np.concatenate(([-1], newlines))))
    if (per_line != width - 1).any() or (np.diff(newlines) == 1).any():
        return None
    line_starts = np.concatenate(([0], newlines[:-1] + 1))[1:]
    inner = commas[width - 1:].reshape(-1, width - 1)
    starts = np.column_stack((line_starts, inner + 1))
    ends = np.column_stack((inner, newlines[1:]))
    return starts, ends


def _dates(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """Day ordinals of a column of dates (0 where empty); None if any is not a real date."""
    length = ends - starts
    empty = length == 0
    if not (empty | (length == 10)).all():
        return None
    ordinals = np.zeros(starts.size, dtype=np.int64)
    chars = buf[starts[~empty, None] + np.arange(10)].astype(np.int32) - _ZERO
    digits = chars[:, _DIGITS]
    if ((digits < 0) | (digits > 9)).any() or (chars[:, [4, 7]] != _DASH - _ZERO).any():
        return None
    year = digits[:, :4] @ np.array([1000, 100, 10, 1], dtype=np.int32)
    month = digits[:, 4] * 10 + digits[:, 5]
    day = digits[:, 6] * 10 + digits[:, 7]
    if (year < 1).any() or (month < 1).any() or (month > 12).any() or (day < 1).any():
        return None
    first = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1).astype(
        "timedelta64[M]")
    days_in_month = (first + np.timedelta64(1, "M")).astype("datetime64[D]") - first.astype(
        "datetime64[D]")
    if (day > days_in_month.astype(np.int64)).any():
        return None
    epoch_days = first.astype("datetime64[D]").astype(np.int64) + day - 1
    ordinals[~empty] = epoch_days + _UNIX_EPOCH_ORDINAL
    return ordinals


def _labels(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray | None:
    """The grouping column as text (blank: "not recorded"). Rows are told apart by a 64-bit
    hash of their bytes, checked byte for byte (a collision sends the file to the slow
    reader), and each distinct value is decoded once."""
    length = ends - starts
    places = np.arange(max(int(length.max()), 1), dtype=np.int32)
    padded = np.concatenate((buf, np.zeros(places.size, dtype=np.uint8)))
    chars = padded[starts.astype(np.int32)[:, None] + places]
    chars[places >= length[:, None]] = 0
    hashes = length.astype(np.uint64)
    for byte in chars.T:
        hashes = hashes * np.uint64(1_000_003) + byte
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    alike = first[inverse]
    if not ((length == length[alike]).all() and (chars == chars[alike]).all()):
        return None
    names = [buf[starts[i]:ends[i]].tobytes().decode().strip() or NOT_RECORDED
             for i in first.tolist()]
    if ALL in names:
        return None
    return np.array(names, dtype=object)[inverse]


def read_plain(
    data: bytes, *, as_of: date, by: str | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
    """(durations, observed, groups) of a plain, valid tenures file, or None."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b'"' in data or b"\r" in data or not data.strip():
        return None
    if not data.endswith(b"\n"):
        data += b"\n"
    try:
        data.decode()  # all of it UTF-8, as the csv reader would need
    except UnicodeDecodeError:
        return None
    header = [h.strip() for h in data[: data.index(b"\n")].decode().split(",")]
    if any(c not in header for c in REQUIRED) or (by is not None and by not in header):
        return None
    buf = np.frombuffer(data, dtype=np.uint8)
    fields = _fields(buf, len(header))
    if fields is None or fields[0].shape[0] == 0:
        return None
    starts, ends = fields
    s, e = header.index("start_date"), header.index("end_date")
    start = _dates(buf, starts[:, s], ends[:, s])
    end = _dates(buf, starts[:, e], ends[:, e])
    if start is None or end is None:
        return None
    day = as_of.toordinal()
    observed = end != 0
    if (start == 0).any() or (start > day).any() or (end > day).any():
        return None
    if (observed & (end < start)).any():
        return None
    groups = None
    if by is not None:
        groups = _labels(buf, starts[:, header.index(by)], ends[:, header.index(by)])
        if groups is None:
            return None
    return np.where(observed, end, day) - start, observed, groups
