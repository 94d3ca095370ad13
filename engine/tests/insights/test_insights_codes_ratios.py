"""Reference codes and relative likelihoods (hand-worked values)."""

from __future__ import annotations

import math

import pytest

from engine.insights import codes
from engine.insights import ratios


def test_ethnic_codes_follow_the_data_dictionary() -> None:
    assert len(codes.STATED_ETHNIC_CODES) == 16
    assert not {"I", "O", "Q"} & set(codes.ETHNIC_CATEGORIES)
    assert {"A", "B", "C"} == codes.WHITE_CODES
    assert set(codes.STATED_ETHNIC_CODES) == codes.MINORITY_CODES | codes.WHITE_CODES
    assert codes.ethnic_group("C") == "white"
    assert codes.ethnic_group("S") == "minority"
    assert codes.ethnic_group("Z") == codes.ethnic_group("99") == "unknown"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("A", "A"), ("cA", "C"), (" h ", "H"), ("99", "99"), ("", "99"), ("Q", None), ("I", None)],
)
def test_normalise_ethnic_code(raw: str, code: str | None) -> None:
    assert codes.normalise_ethnic_code(raw) == code


@pytest.mark.parametrize(
    ("raw", "band"),
    [
        ("8a", "8a"),
        ("Band 8A", "8a"),
        ("band_5", "5"),
        ("VSM", "VSM"),
        ("Consultant", "consultant"),
        ("8e", None),
        ("10", None),
    ],
)
def test_normalise_band(raw: str, band: str | None) -> None:
    assert codes.normalise_band(raw) == band


def test_levels_and_promotion_order() -> None:
    assert codes.LEVELS[-3:] == ("9", "VSM", "board")
    assert codes.SENIOR_LEVELS[0] == "8a"
    assert codes.is_promotion("7", "8a")
    assert codes.is_promotion("8d", "VSM")
    assert not codes.is_promotion("8b", "8b")
    assert codes.is_promotion("specialty_doctor", "consultant")
    assert codes.is_promotion("consultant", "VSM")
    assert not codes.is_promotion("consultant", "8a")


def test_christie_example() -> None:
    # The Christie 2022/23: White 46.99% vs BAME 14.65% appointed from shortlisting.
    # 46.99 / 14.65 = 3.2075... -> 3.21 (reported as 3.2).
    assert round(ratios.ratio_of_rates(46.99, 14.65), 2) == 3.21
    # Counts giving those rates: 39/83 = 46.99%, 23/157 = 14.65%.
    r = ratios.relative_likelihood(39, 83, 23, 157)
    assert round(r.ratio, 2) == 3.21
    assert r.flag is True
    assert r.ci_low is not None and r.ci_low > 1.25  # significantly adverse


def test_relative_likelihood_ci_by_log_method() -> None:
    # White 12/40 = 0.30, minority 10/50 = 0.20 -> RR 1.5.
    # SE = sqrt(1/12 - 1/40 + 1/10 - 1/50) = sqrt(0.138333) = 0.371932
    # CI = exp(ln 1.5 -/+ 1.96 * 0.371932) = (0.7236, 3.1094)
    r = ratios.relative_likelihood(12, 40, 10, 50)
    assert r.ratio == pytest.approx(1.5)
    assert r.ci_low == pytest.approx(0.7236, abs=1e-4)
    assert r.ci_high == pytest.approx(3.1094, abs=1e-4)
    assert r.flag is True
    assert not r.suppressed


def test_flag_band_is_inclusive() -> None:
    # (9/18) / (4/10) = 0.5 / 0.4 = 1.25 -> on the edge, not flagged
    assert ratios.relative_likelihood(9, 18, 4, 10).flag is False
    assert ratios.flag(0.8) is False
    assert ratios.flag(0.79) is True
    assert ratios.flag(1.26) is True


def test_small_numbers_and_zeroes() -> None:
    assert ratios.relative_likelihood(7, 40, 10, 50, suppress=True).suppressed
    assert ratios.relative_likelihood(7, 40, 10, 50, suppress=True).ratio is None
    assert ratios.relative_likelihood(7, 40, 10, 50).ratio == pytest.approx(0.875)
    zero_bottom = ratios.relative_likelihood(5, 40, 0, 50)
    assert zero_bottom.ratio is None and not zero_bottom.suppressed
    zero_top = ratios.relative_likelihood(0, 40, 5, 50)
    assert zero_top.ratio == 0 and zero_top.ci_low is None
    with pytest.raises(ValueError):
        ratios.relative_likelihood(41, 40, 5, 50)


def test_directions_match_nhs_definitions() -> None:
    d = ratios.DIRECTIONS
    assert (d["indicator_2"].top, d["indicator_2"].bottom) == ("white", "minority")
    assert (d["indicator_3"].top, d["indicator_3"].bottom) == ("minority", "white")
    assert (d["indicator_4"].top, d["indicator_4"].bottom) == ("white", "minority")
    assert (d["wdes_metric_2"].top, d["wdes_metric_2"].bottom) == ("N", "Y")
    assert (d["wdes_metric_3"].top, d["wdes_metric_3"].bottom) == ("Y", "N")


def test_vectorised_ratios_match_scalar() -> None:
    import polars as pl

    df = pl.DataFrame(
        {"a": [12, 39, 7, 0], "na": [40, 83, 40, 40], "b": [10, 23, 10, 5], "nb": [50, 157, 50, 50]}
    )
    out = df.with_columns(ratios.ratio_exprs("a", "na", "b", "nb", suppress=True))
    for row in out.iter_rows(named=True):
        ref = ratios.relative_likelihood(row["a"], row["na"], row["b"], row["nb"], suppress=True)
        assert row["suppressed"] == ref.suppressed
        for key in ("ratio", "ci_low", "ci_high"):
            got, want = row[key], getattr(ref, key)
            assert (got is None and want is None) or math.isclose(got, want, rel_tol=1e-12)
