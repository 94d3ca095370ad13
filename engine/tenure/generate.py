"""Deterministic synthetic tenures for tests and the benchmark (no real people).

Each organisation has its own typical tenure: a Weibull distribution of days in post whose
median ranges from about 1 to about 7 years, a spread like the one between the most challenged
and the best-rated trusts. Starts fall evenly over the twenty years before the as-of date;
a tenure that would run past the as-of date is still in post (empty end date). Durations are
whole days, so with many tenures there are many ties.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

__all__ = ["EXIT_REASONS", "generate_tenures", "write_tenures"]

EXIT_REASONS = ("retirement", "resignation", "new post", "end of interim", "dismissal")
REGIONS = ("North East and Yorkshire", "North West", "Midlands", "East of England", "London",
           "South East", "South West")
HEADER = "person_id,organisation,start_date,end_date,exit_reason,region"


def generate_tenures(n: int, seed: int, as_of: date, organisations: int = 200) -> list[str]:
    """``n`` CSV data lines (without the header) in the columns of :data:`HEADER`."""
    if n < 1 or organisations < 1:
        raise ValueError("n and organisations must be at least 1")
    rng = np.random.default_rng(seed)
    median_days = rng.uniform(330, 2600, organisations)
    shape = rng.uniform(0.9, 1.6, organisations)
    org = rng.integers(0, organisations, n)
    scale = median_days[org] / np.log(2) ** (1 / shape[org])
    days = np.floor(scale * rng.weibull(shape[org])).astype(np.int64)
    end_of_window = np.datetime64(as_of, "D")
    start = end_of_window - rng.integers(0, 20 * 365, n)
    end = start + days
    in_post = end > end_of_window
    start_text = np.datetime_as_string(start, unit="D")
    end_text = np.where(in_post, "", np.datetime_as_string(end, unit="D"))
    reason = np.where(in_post, "", np.asarray(EXIT_REASONS)[rng.integers(0, 5, n)])
    org_region = rng.integers(0, len(REGIONS), organisations)
    return [
        f"P{i:07d},R{o:03d},{s},{e},{r},{REGIONS[org_region[o]]}"
        for i, (o, s, e, r) in enumerate(
            zip(org.tolist(), start_text.tolist(), end_text.tolist(), reason.tolist(),
                strict=True)
        )
    ]


def write_tenures(path: str | Path, n: int, seed: int, as_of: date,
                  organisations: int = 200) -> Path:
    """Write :func:`generate_tenures` to ``path`` as a CSV file with its header."""
    path = Path(path)
    lines = generate_tenures(n, seed, as_of, organisations)
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path
