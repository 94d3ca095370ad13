"""Kaplan–Meier survival curves for tenures in post, with lifelines' default interval.

The estimate at each distinct event time t_i, with n_i people still in post just before t_i
(at risk) and d_i of them leaving at t_i (observed exits), is

    S(t) = prod over t_i <= t of (1 - d_i / n_i)

computed as lifelines computes it, exp(cumsum(log(n_i - d_i) - log(n_i))), so the two agree to
the last few bits. People whose tenure ends at t without an exit (still in post: censored) count
as at risk at t and leave the risk set after it.

The confidence interval is the exponential Greenwood ("log(-log)") interval that lifelines'
``KaplanMeierFitter`` gives by default. With Greenwood's sum V(t) = sum d_i / (n_i (n_i - d_i))
(a term where n_i = d_i, which would divide by zero, counts as 0, as in lifelines) and
v = log S(t):

    low  = exp(-exp(log(-v) - z * sqrt(V) / v))
    high = exp(-exp(log(-v) + z * sqrt(V) / v))

with z the standard normal quantile at 1 - alpha / 2. Where S = 1 (before the first exit) the
formula is 0/0; lifelines turns that NaN into 1.0, and so do we. Where S = 0 (everyone still at
risk left at once) both bounds come out as exactly 0. The median is the first time S(t) <= 0.5
(lifelines' ``median_survival_time_``), or None where the curve never falls that far (lifelines
gives infinity). Plain NumPy; no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from engine.tenure.columns import ALL

__all__ = ["ALL", "SurvivalCurve", "kaplan_meier", "survival_by_group"]

#: scipy.stats.norm.ppf(0.975), the z lifelines uses for its default 95 % interval; the
#: standard library's inverse differs from it in the last bit, so the common case is exact.
Z_95 = 1.959963984540054


def _z(alpha: float) -> float:
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, not {alpha!r}")
    return Z_95 if alpha == 0.05 else NormalDist().inv_cdf(1 - alpha / 2)


@dataclass(frozen=True, eq=False)
class SurvivalCurve:
    """One Kaplan–Meier curve: the arrays hold one entry per distinct event time."""

    n: int
    events: int
    times: np.ndarray  # distinct event times (days), ascending
    survival: np.ndarray  # S(t) just after each time
    at_risk: np.ndarray  # n_i: still in post just before each time
    observed: np.ndarray  # d_i: exits at each time
    ci_low: np.ndarray
    ci_high: np.ndarray
    variance: np.ndarray  # Greenwood's sum V(t) (of log S)
    median_days: float | None  # first time S(t) <= 0.5; None when never
    alpha: float = 0.05

    def at(self, day: float) -> tuple[float, float, float]:
        """(estimate, ci_low, ci_high) at ``day``: a step function, 1.0 before the first event
        and the last value after the last one (as lifelines' ``predict``)."""
        i = int(np.searchsorted(self.times, day, side="right")) - 1
        if i < 0:
            return 1.0, 1.0, 1.0
        return float(self.survival[i]), float(self.ci_low[i]), float(self.ci_high[i])


def _exponential_greenwood(
    survival: np.ndarray, variance: np.ndarray, z: float
) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.log(survival)
        spread = z * np.sqrt(variance) / v
        low = np.exp(-np.exp(np.log(-v) - spread))
        high = np.exp(-np.exp(np.log(-v) + spread))
    return np.where(np.isnan(low), 1.0, low), np.where(np.isnan(high), 1.0, high)


def _checked(durations: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.asarray(durations, dtype=float)
    e = np.asarray(observed)
    if d.ndim != 1 or e.shape != d.shape:
        raise ValueError(
            f"durations and observed must be 1-D and the same length ({d.shape} vs {e.shape})"
        )
    if d.size == 0:
        raise ValueError("no durations: a survival curve needs at least one tenure")
    if not np.isfinite(d).all() or (d < 0).any():
        raise ValueError("durations must be finite and not negative")
    return d, e.astype(bool)


def _curve(d: np.ndarray, e: np.ndarray, alpha: float, z: float) -> SurvivalCurve:
    """The curve of durations ``d`` sorted ascending, with their exits ``e`` (int 0/1)."""
    n = d.size
    starts = np.flatnonzero(np.concatenate(([True], d[1:] != d[:-1])))
    exits = np.add.reduceat(e, starts)
    keep = exits > 0
    # the people at risk at a time are those whose duration is not shorter: n minus those
    # sorted before its first position
    times, at_risk, exits = d[starts[keep]], (n - starts[keep]).astype(float), exits[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.exp(np.cumsum(np.log(at_risk - exits) - np.log(at_risk)))
        terms = exits / (at_risk * (at_risk - exits))
    variance = np.cumsum(np.where(np.isinf(terms), 0.0, terms))
    low, high = _exponential_greenwood(survival, variance, z)
    below = np.flatnonzero(survival <= 0.5)
    return SurvivalCurve(
        n=int(n),
        events=int(e.sum()),
        times=times,
        survival=survival,
        at_risk=at_risk.astype(np.int64),
        observed=exits.astype(np.int64),
        ci_low=low,
        ci_high=high,
        variance=variance,
        median_days=float(times[below[0]]) if below.size else None,
        alpha=alpha,
    )


def kaplan_meier(
    durations: np.ndarray, observed: np.ndarray, alpha: float = 0.05
) -> SurvivalCurve:
    """The Kaplan–Meier curve of ``durations`` (days in post); ``observed`` is True for an
    exit and False for someone still in post (censored)."""
    z = _z(alpha)
    d, e = _checked(durations, observed)
    order = np.argsort(d, kind="stable")
    return _curve(d[order], e[order].astype(np.int64), alpha, z)


def _factorise(groups: np.ndarray | list, size: int) -> tuple[list[str], np.ndarray]:
    """The distinct group labels as text, sorted, and each row's index into them."""
    values = groups.tolist() if isinstance(groups, np.ndarray) else list(groups)
    if len(values) != size:
        raise ValueError(f"groups must match durations in length ({len(values)} vs {size})")
    distinct = set(values)
    names = sorted({str(v) for v in distinct})
    place = {name: i for i, name in enumerate(names)}
    index = {v: place[str(v)] for v in distinct}
    return names, np.array(list(map(index.__getitem__, values)), dtype=np.int64)


def survival_by_group(
    durations: np.ndarray,
    observed: np.ndarray,
    groups: np.ndarray | None,
    alpha: float = 0.05,
) -> dict[str, SurvivalCurve]:
    """One curve per distinct value of ``groups`` (as text, sorted), then ``"ALL"`` for
    everyone. ``groups`` None gives only ``"ALL"``. A group may not itself be called "ALL"."""
    z = _z(alpha)
    d, e = _checked(durations, observed)
    e = e.astype(np.int64)
    curves: dict[str, SurvivalCurve] = {}
    if groups is not None:
        names, codes = _factorise(groups, d.size)
        if ALL in names:
            raise ValueError(f'a group may not be called "{ALL}": that is the curve for everyone')
        order = np.lexsort((d, codes))
        ds, es = d[order], e[order]
        ends = np.cumsum(np.bincount(codes, minlength=len(names)))
        for name, start, end in zip(names, np.concatenate(([0], ends[:-1])), ends, strict=True):
            curves[name] = _curve(ds[start:end], es[start:end], alpha, z)
    order = np.argsort(d, kind="stable")
    curves[ALL] = _curve(d[order], e[order], alpha, z)
    return curves
