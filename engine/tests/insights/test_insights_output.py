"""SVG charts, CSV/XLSX export and the command line."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from engine.insights import charts
from engine.insights import cli
from engine.insights import export

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - parsing our own output in a test


@pytest.mark.parametrize(
    "svg",
    [
        charts.representation_bars(
            [("Band 8a", 0.25), ("<script>VSM</script>", None)],
            title="A & B",
            desc="d",
            reference=0.3,
        ),
        charts.ratio_chart(
            [("Indicator 2", 1.5, 0.72, 3.11), ("Indicator 3", None, None, None)],
            title="Ratios",
            desc="WRES",
        ),
        charts.projection_lines(
            {"Baseline": [0.1, 0.12], "Equalised": [0.1, 0.2]}, title="P", desc="d", target=0.25
        ),
        charts.change_chart([("8a", 0.2, 0.25), ("VSM", None, 0.1)], title="C", desc="d"),
    ],
)
def test_charts_are_accessible_svg(svg: str) -> None:
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    labelled = root.get("aria-labelledby", "").split()
    assert labelled == [root.find(f"{SVG}title").get("id"), root.find(f"{SVG}desc").get("id")]
    assert "<script>" not in svg
    assert "#005eb8" in svg or "#330072" in svg


def test_chart_text_is_escaped() -> None:
    svg = charts.representation_bars([("<b>&", 0.5)], title="<t>", desc='"d"')
    assert "&lt;b&gt;&amp;" in svg and "&lt;t&gt;" in svg
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "<b>&" in texts


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def test_share_ticks_are_round_numbers_from_nought() -> None:
    assert [round(v * 100) for v in charts.share_ticks(0.3)] == [0, 5, 10, 15, 20, 25, 30]
    assert [round(v * 100) for v in charts.share_ticks(0.35)] == [0, 10, 20, 30, 40]
    assert [round(v * 100) for v in charts.share_ticks(0.07)] == [0, 2, 4, 6, 8]
    assert [round(v * 100) for v in charts.share_ticks(0.97)] == [0, 20, 40, 60, 80, 100]
    assert charts.share_ticks(1.4)[-1] == 1.0


def test_the_projection_has_round_ticks_and_titled_axes() -> None:
    # the largest value, 26.3% (x 1.15 was 30.2%), once gave ticks at 7.6, 15.1, 22.7 ... %
    svg = charts.projection_lines({"Baseline": [0.2, 0.263], "Equalised": [0.2, 0.25]},
                                  title="P", desc="d", target=0.22, start_year=2026,
                                  y_title="Ethnic minority share (%)")
    texts = _texts(svg)
    ticks = [t for t in texts if t.endswith("%") and t[:-1].isdigit()]
    assert ticks == ["0%", "5%", "10%", "15%", "20%", "25%", "30%"]
    assert not [t for t in texts if "." in t and t.endswith("%")]
    assert "Year" in texts and "Ethnic minority share (%)" in texts
    y_title = next(t for t in parse(svg).iter(f"{SVG}text") if t.text == "Ethnic minority "
                   "share (%)")
    assert y_title.get("transform", "").startswith("rotate(-90")


def test_the_change_chart_has_round_ticks_and_a_titled_axis() -> None:
    svg = charts.change_chart([("Band 8a", 0.176, 0.2), ("Board", 0.088, 0.11)], title="C",
                              desc="d", x_title="Ethnic minority share at the level (%)")
    texts = _texts(svg)
    assert [t for t in texts if t.endswith("%")] == ["0%", "5%", "10%", "15%", "20%", "25%"]
    assert "Ethnic minority share at the level (%)" in texts


def test_long_labels_are_not_cut_off() -> None:
    label = "Very senior manager (VSM)"
    svg = charts.representation_bars([(label, 0.25), ("Band 8a", 0.1)], title="T", desc="d")
    root = parse(svg)
    text = next(t for t in root.iter(f"{SVG}text") if "".join(t.itertext()) == label)
    # right-aligned at x, so it needs x pixels to its left (about 7.4 a character)
    assert float(text.get("x")) >= len(label) * charts.CHAR_W
    longer = "WRES indicator 2: appointed from shortlisting, white and ethnic minority staff"
    svg = charts.ratio_chart([(longer, 1.5, 1.1, 2.0)], title="R", desc="d")
    text = next(t for t in parse(svg).iter(f"{SVG}text") if (t.text or "").startswith(
        "WRES indicator 2"))
    lines = [text.text, *[span.text for span in text]]
    assert len(lines) == 2 and " ".join(lines) == longer  # two lines, nothing lost
    assert all(len(line) * charts.CHAR_W <= float(text.get("x")) for line in lines)


def test_export_csv_and_xlsx() -> None:
    rows = [{"scope": "RJ1", "headcount": "*", "share": None}, {"scope": "=cmd()", "headcount": 10}]
    text = export.to_csv_bytes(rows).decode()
    assert text.splitlines() == ["scope,headcount,share", "RJ1,*,", "'=cmd(),10,"]
    wb = load_workbook(io.BytesIO(export.to_xlsx_bytes(rows, note="Counts 1-7 shown as *")))
    ws = wb["Results"]
    assert [c.value for c in ws[2]] == ["RJ1", "*", None]
    assert ws["B3"].value == 10 and ws["A3"].value == "'=cmd()"
    assert wb["Notes"]["A1"].value.startswith("Counts")


def test_dates_are_dates_in_xlsx_and_iso_in_csv() -> None:
    noon = dt.datetime(2026, 7, 1, 11, 30, tzinfo=dt.UTC)  # 12:30 in England (summer time)
    rows = [{"person": "A", "joined": dt.date(2026, 3, 14), "moved": noon, "note": "2026-01-01"}]
    assert export.to_csv_bytes(rows).decode().splitlines()[1] == (
        "A,2026-03-14,2026-07-01T11:30:00+00:00,2026-01-01")
    ws = load_workbook(io.BytesIO(export.to_xlsx_bytes(rows)))["Results"]
    joined, moved, note = ws["B2"], ws["C2"], ws["D2"]
    assert joined.is_date and joined.value == dt.datetime(2026, 3, 14)
    assert joined.number_format == "dd/mm/yyyy"
    assert moved.is_date and moved.value == dt.datetime(2026, 7, 1, 12, 30)
    assert moved.number_format == "dd/mm/yyyy hh:mm"
    assert not note.is_date and note.value == "2026-01-01"  # text stays text


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(argv, stdout=out)
    return code, out.getvalue()


def test_cli_pipeline(workforce_file: Path, tmp_path: Path) -> None:
    pipeline = ["pipeline", "--workforce", str(workforce_file), "--by", "level",
                "--group", "ethnicity", "--format", "json"]
    code, out = run(pipeline)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"RJ1", "RM2"}
    assert doc["RJ1"]["8a"]["headcount"] == 10  # 8 rounded
    assert doc["RJ1"]["8a"]["categories"]["minority"] == {"headcount": "*", "share": None}
    assert doc["RJ1"]["all"]["declared_pct"] == pytest.approx(100.0)  # 30 / 30 rounded
    code, out = run([*pipeline, "--no-suppression"])
    assert json.loads(out)["RJ1"]["8a"]["categories"]["minority"]["headcount"] == 2
    code, out = run(
        [
            "pipeline",
            "--workforce",
            str(workforce_file),
            "--scope",
            "england",
            "--previous",
            str(workforce_file),
            "--format",
            "csv",
        ]
    )
    assert code == 0 and out.splitlines()[0].startswith("scope,level,category,headcount")
    assert "share_change_pp" in out.splitlines()[0]


def test_cli_wres(workforce_file: Path, event_files: dict[str, Path]) -> None:
    argv = [
        "wres",
        "--workforce",
        str(workforce_file),
        "--recruitment",
        str(event_files["recruitment"]),
        "--disciplinary",
        str(event_files["disciplinary"]),
        "--training",
        str(event_files["training"]),
        "--format",
        "json",
    ]
    code, out = run(argv)
    assert code == 0
    doc = json.loads(out)
    assert set(doc) == {"RJ1", "RM2", "ENGLAND"}
    # from the published (rounded) counts 10/40 and 10/50
    assert doc["RJ1"]["indicator_2"]["ratio"] == 1.25
    assert doc["RJ1"]["indicator_3"]["suppressed"] is True
    # England: minority 2 of 10 + 6 = 16, White 1 of 18 + 14 = 32 -> (2/16) / (1/32) = 4.0
    assert doc["ENGLAND"]["indicator_3"]["ratio"] == 4.0
    assert doc["ENGLAND"]["indicator_1"]["overall"]["minority"] == 16  # not controlled
    code, out = run([*argv[:-2], "--format", "csv"])
    assert out.splitlines()[0] == "scope,indicator,measure,value"


def test_cli_rejects_bad_file(make_csv, capsys: pytest.CaptureFixture[str]) -> None:
    bad = make_csv("bad.csv", "person_id,org_code\nP1,RJ1\n")
    code, _ = run(["pipeline", "--workforce", str(bad), "--format", "json"])
    assert code == 2
    assert "rejected" in capsys.readouterr().err


def test_python_m_entry_point() -> None:
    import subprocess
    import sys

    done = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "engine.insights", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "talentbridge insights" in done.stdout
