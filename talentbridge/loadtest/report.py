"""The load test's figures, from the one-line-per-request log the simulated people write
(talentbridge/loadtest/locustfile.py): per kind of page the requests, failures and p50, p95
and p99, the trivial page's p95 and every kind's p95 as a multiple of it; and the sign-in
burst's effect on everyone else's pages."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

TRIVIAL = "trivial page"
SIGN_INS = ("sign-in", "sign-in page", "sign-in (burst)", "sign-in (burst) page")


@dataclass(frozen=True)
class Request:
    started: float
    kind: str
    ms: float
    failure: str


@dataclass
class Kind:
    name: str
    times: list[float] = field(default_factory=list)
    failures: int = 0

    def percentile(self, p: float) -> float:
        return percentile(self.times, p)


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def read(path: Path) -> list[Request]:
    requests = []
    for line in path.read_text().splitlines():
        started, kind, ms, failure = (line.split("\t") + [""])[:4]
        requests.append(Request(float(started), kind, float(ms), failure))
    return requests


def by_kind(requests: list[Request]) -> dict[str, Kind]:
    kinds: dict[str, Kind] = {}
    for r in requests:
        kind = kinds.setdefault(r.kind, Kind(r.kind))
        kind.times.append(r.ms)
        kind.failures += bool(r.failure)
    return dict(sorted(kinds.items()))


@dataclass(frozen=True)
class Summary:
    requests: int
    failures: int
    seconds: float
    kinds: dict[str, Kind]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def trivial_p95(self) -> float:
        trivial = self.kinds.get(TRIVIAL)
        return trivial.percentile(95) if trivial else 0.0

    def ratio(self, kind: Kind) -> float:
        return kind.percentile(95) / self.trivial_p95 if self.trivial_p95 else float("inf")

    def worst(self) -> tuple[str, float]:
        """The kind of page (sign-in aside, tested by the burst) whose p95 is the largest
        multiple of the trivial page's."""
        others = [k for k in self.kinds.values() if k.name not in (TRIVIAL, *SIGN_INS)]
        if not others:
            return "", 0.0
        worst = max(others, key=self.ratio)
        return worst.name, self.ratio(worst)


def summarise(requests: list[Request]) -> Summary:
    if not requests:
        return Summary(0, 0, 0.0, {})
    first = min(r.started for r in requests)
    last = max(r.started + r.ms / 1000 for r in requests)
    return Summary(len(requests), sum(bool(r.failure) for r in requests), last - first,
                   by_kind(requests))


@dataclass(frozen=True)
class Burst:
    sign_ins: int
    failures: int
    seconds: float
    during_p95: float
    after_p95: float

    @property
    def ratio(self) -> float:
        return self.during_p95 / self.after_p95 if self.after_p95 else float("inf")


def burst(requests: list[Request]) -> Burst | None:
    """Other pages' p95 while the burst's sign-ins were under way, and after them until the
    end of the run (the trivial page and sign-ins left out of both)."""
    sign_ins = [r for r in requests if r.kind.startswith("sign-in (burst)")]
    if not sign_ins:
        return None
    start = min(r.started for r in sign_ins)
    end = max(r.started + r.ms / 1000 for r in sign_ins)
    others = [r for r in requests if r.kind not in (TRIVIAL, *SIGN_INS)]
    during = [r.ms for r in others if start <= r.started <= end]
    after = [r.ms for r in others if r.started > end + 1]
    posts = [r for r in sign_ins if r.kind == "sign-in (burst)"]
    return Burst(len(posts), sum(bool(r.failure) for r in sign_ins), end - start,
                 percentile(during, 95), percentile(after, 95))
