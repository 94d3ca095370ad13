"""The load test's report reads what the simulated people wrote: per kind of page, against the
trivial page, and the burst's effect on everyone else's pages."""

from __future__ import annotations

from talentbridge.loadtest import report


def write(tmp_path, rows):
    path = tmp_path / "requests.tsv"
    path.write_text("".join(f"{t}\t{kind}\t{ms}\t{failure}\n" for t, kind, ms, failure in rows))
    return report.read(path)


def test_each_kind_is_compared_with_the_trivial_page_and_failures_are_counted(tmp_path):
    rows = [(100 + i, "trivial page", 10, "") for i in range(20)]
    rows += [(100 + i, "person page", 50 + i, "") for i in range(20)]
    rows += [(130, "person page", 0, "ConnectionResetError")]
    summary = report.summarise(write(tmp_path, rows))
    assert summary.requests == 41 and summary.failures == 1
    assert summary.trivial_p95 == 10
    assert summary.worst() == ("person page", 6.8)  # p95 68 ms of 21 runs, ÷ 10 ms


def test_the_burst_compares_other_pages_during_it_with_after_it(tmp_path):
    rows = [(100 + i / 10, "sign-in (burst)", 500, "") for i in range(50)]
    rows += [(101, "person page", 900, ""), (102, "home", 800, ""), (101, "trivial page", 5, "")]
    rows += [(110, "person page", 300, ""), (111, "home", 200, ""), (112, "sign-in", 700, "")]
    burst = report.burst(write(tmp_path, rows))
    assert burst.sign_ins == 50 and burst.failures == 0
    assert (burst.during_p95, burst.after_p95) == (900, 300)
    assert burst.ratio == 3.0
