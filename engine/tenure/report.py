"""The figures people read off a survival curve: still in post at 1, 2, 3 and 5 years."""

from __future__ import annotations

from typing import Any

from engine.tenure.survival import SurvivalCurve

__all__ = ["HORIZONS", "curve_summary", "survival_report"]

#: Days after the start of a tenure: 1, 2, 3 and 5 years (5 years of 365.25 days).
HORIZONS = (365, 730, 1095, 1826)


def _days(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def curve_summary(curve: SurvivalCurve, horizons: tuple[int, ...] = HORIZONS) -> dict[str, Any]:
    """``{"n", "events", "median_days", "survival": {"365": {"estimate", "ci_low", "ci_high"},
    ...}}`` for one curve; exact figures (no rounding, no suppression)."""
    survival = {}
    for day in horizons:
        estimate, low, high = curve.at(day)
        survival[str(day)] = {"estimate": estimate, "ci_low": low, "ci_high": high}
    return {
        "n": curve.n,
        "events": curve.events,
        "median_days": _days(curve.median_days),
        "survival": survival,
    }


def survival_report(
    curves: dict[str, SurvivalCurve], horizons: tuple[int, ...] = HORIZONS
) -> dict[str, dict[str, Any]]:
    """:func:`curve_summary` of every curve, keyed as given ("ALL" and each group)."""
    return {name: curve_summary(curve, horizons) for name, curve in curves.items()}
