"""``talentbridge insights``: the insights engine on files, without a database.

Commands::

    pipeline --workforce FILE [--previous FILE] --by band|level
             --group ethnicity|ethnic_category|sex|disability
             [--scope org|system|region|kind|england] [--org-map FILE] [--orgs A,B]
             --format json|csv [--no-suppression] [--output FILE]
    wres     --workforce FILE --recruitment FILE [--disciplinary FILE] [--training FILE]
             [--scope ...] [--org-map FILE] --format json|csv [--no-suppression]
    bench    [--rows 1500000] [--orgs 220] [--seed 42]

Workforce files may be CSV or XLSX (validated, all-or-nothing) or a Parquet snapshot
written by the engine. Disclosure control is on by default (England is never
suppressed). Exit codes: 0 ok, 2 bad input (rejections are listed on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from typing import TextIO

import polars as pl

from . import disclosure
from . import export
from . import pipeline
from . import wres
from .bench import run_bench
from .snapshot import ImportRejected
from .snapshot import import_events
from .snapshot import import_snapshot

MAX_LISTED_REJECTIONS = 200


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="talentbridge insights",
        description="WRES/WDES and leadership-pipeline figures from workforce files.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--workforce", required=True, type=Path, help="CSV, XLSX or Parquet")
        p.add_argument(
            "--scope", choices=["org", "system", "region", "kind", "england"], default="org"
        )
        p.add_argument("--org-map", type=Path, help="CSV: org_code,system,region[,kind]")
        p.add_argument("--orgs", help="comma-separated ODS codes to restrict to")
        p.add_argument("--format", choices=["json", "csv"], default="json")
        p.add_argument(
            "--no-suppression",
            action="store_true",
            help="turn disclosure control off (internal use only)",
        )
        p.add_argument("--output", type=Path, help="write here instead of stdout")

    p = sub.add_parser("pipeline", help="representation at each level")
    common(p)
    p.add_argument("--previous", type=Path, help="an earlier snapshot, to show change")
    p.add_argument(
        "--by",
        choices=["band", "level"],
        default="band",
        help="band: every band and grade; level: the 8a-VSM and board pipeline",
    )
    p.add_argument(
        "--group",
        choices=["ethnicity", "ethnic_category", "sex", "disability"],
        default="ethnicity",
    )

    w = sub.add_parser("wres", help="WRES indicators 1-4 and 9, WDES metrics 1-3")
    common(w)
    w.add_argument("--recruitment", required=True, type=Path)
    w.add_argument("--disciplinary", type=Path)
    w.add_argument("--training", type=Path)

    b = sub.add_parser("bench", help="synthetic 1.5M-row benchmark against pandas")
    b.add_argument("--rows", type=int, default=1_500_000)
    b.add_argument("--orgs", type=int, default=220)
    b.add_argument("--seed", type=int, default=42)
    b.add_argument("--repeat", type=int, default=5, help="timings are the median of N runs")
    return parser


def _load_workforce(path: Path) -> pl.DataFrame:
    if path.suffix.lower() == ".parquet":
        return pl.read_parquet(path)
    return import_snapshot(path)


def _orgs(arg: str | None) -> set[str] | None:
    return {c.strip().upper() for c in arg.split(",") if c.strip()} if arg else None


def _org_map(path: Path | None) -> pl.DataFrame | None:
    return pl.read_csv(path, infer_schema=False) if path else None


def _emit(text: str | bytes, output: Path | None, stdout: TextIO) -> None:
    if output is not None:
        output.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    else:
        stdout.write(text.decode("utf-8") if isinstance(text, bytes) else text)


def pipeline_json(table: pl.DataFrame, declared: pl.DataFrame | None) -> dict[str, Any]:
    """Controlled pipeline table -> {scope: {level: {...}}} (see README.md)."""
    out: dict[str, dict[str, Any]] = {}
    has_prev = "headcount_previous" in table.columns
    for row in table.iter_rows(named=True):
        level = out.setdefault(row["scope"], {}).setdefault(
            row["level"], {"headcount": _num(row["level_headcount"]), "categories": {}}
        )
        cat: dict[str, Any] = {
            "headcount": _num(row["headcount"]),
            "share": None if row["share"] is None else round(row["share"], 4),
        }
        if has_prev:
            cat["headcount_previous"] = (
                None if row["headcount_previous"] is None else _num(row["headcount_previous"])
            )
            prev_share = row["share_previous"]
            cat["share_previous"] = None if prev_share is None else round(prev_share, 4)
            change = row["share_change_pp"]
            cat["share_change_pp"] = None if change is None else round(change, 2)
        level["categories"][row["category"]] = cat
    if declared is not None:
        for row in declared.iter_rows(named=True):
            if row["scope"] in out and row["level"] in out[row["scope"]]:
                out[row["scope"]][row["level"]]["declared_pct"] = row["declared_pct"]
    return out


def _num(v: Any) -> int | str:
    if v is None:
        return disclosure.SUPPRESSED
    return v if v == disclosure.SUPPRESSED else int(v)


def _declared(
    snapshot: pl.DataFrame,
    group: str,
    levels: str,
    by: str,
    orgs: set[str] | None,
    org_map: pl.DataFrame | None,
    national: bool,
) -> pl.DataFrame:
    col = {"ethnicity": "ethnicity", "ethnic_category": "ethnicity"}.get(group, group)
    rates = pipeline.declaration_rates(
        snapshot,
        levels=levels,  # type: ignore[arg-type]
        by=by,  # type: ignore[arg-type]
        orgs=orgs,
        org_map=org_map,
    )
    rows = []
    for row in rates.iter_rows(named=True):
        share = disclosure.control_share(
            row[f"{col}_declared"], row["headcount"], national=national
        )
        pct = None if share is None else round(100 * share, 1)
        rows.append({"scope": row["scope"], "level": row["level"], "declared_pct": pct})
    return pl.DataFrame(
        rows, schema={"scope": pl.String, "level": pl.String, "declared_pct": pl.Float64}
    )


def run_pipeline(args: argparse.Namespace, stdout: TextIO) -> int:
    national = args.no_suppression or args.scope == "england"
    orgs, org_map = _orgs(args.orgs), _org_map(args.org_map)
    levels = "band" if args.by == "band" else "senior"
    current = _load_workforce(args.workforce)

    def controlled(snap: pl.DataFrame) -> pl.DataFrame:
        rep = pipeline.representation(
            snap, args.group, levels=levels, by=args.scope, orgs=orgs, org_map=org_map
        )
        return pipeline.control(rep, args.group, national=national)

    table = controlled(current)
    if args.previous is not None:
        table = pipeline.controlled_change(controlled(_load_workforce(args.previous)), table)
    if args.format == "csv":
        _emit(export.to_csv_bytes(table), args.output, stdout)
        return 0
    declared = _declared(current, args.group, levels, args.scope, orgs, org_map, national)
    doc = pipeline_json(table, declared)
    _emit(json.dumps(doc, indent=2, sort_keys=False) + "\n", args.output, stdout)
    return 0


def flatten(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """{scope: {indicator: nested}} -> rows of scope, indicator, measure, value."""
    rows: list[dict[str, Any]] = []

    def walk(scope: str, indicator: str, prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(scope, indicator, f"{prefix}.{k}" if prefix else str(k), v)
        else:
            rows.append({"scope": scope, "indicator": indicator, "measure": prefix, "value": value})

    for scope, indicators in doc.items():
        for name, body in indicators.items():
            walk(scope, name, "", body)
    return rows


def run_wres(args: argparse.Namespace, stdout: TextIO) -> int:
    suppress = not args.no_suppression
    orgs, org_map = _orgs(args.orgs), _org_map(args.org_map)
    snap = _load_workforce(args.workforce)
    rec = import_events(args.recruitment, "recruitment")
    dis = import_events(args.disciplinary, "disciplinary") if args.disciplinary else None
    tra = import_events(args.training, "training") if args.training else None
    kwargs: dict[str, Any] = {"orgs": orgs, "org_map": org_map, "suppress": suppress}
    doc: dict[str, Any] = {}
    if args.scope != "england":
        report = wres.wres_report(snap, rec, dis, tra, by=args.scope, **kwargs)
        doc.update(wres.to_json(report, suppress=suppress))
    england = wres.wres_report(snap, rec, dis, tra, by="england", **kwargs)
    doc.update(wres.to_json(england, suppress=suppress))
    if args.format == "csv":
        _emit(export.to_csv_bytes(flatten(doc)), args.output, stdout)
    else:
        _emit(json.dumps(doc, indent=2) + "\n", args.output, stdout)
    return 0


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Entry point; ``talentbridge insights ...`` forwards its arguments here."""
    out = stdout or sys.stdout
    args = _parser().parse_args(list(argv) if argv is not None else sys.argv[1:])
    try:
        if args.command == "pipeline":
            return run_pipeline(args, out)
        if args.command == "wres":
            return run_wres(args, out)

        return run_bench(rows=args.rows, orgs=args.orgs, seed=args.seed, repeat=args.repeat)
    except ImportRejected as exc:
        print(f"error: {len(exc.rejections)} row(s) rejected; nothing imported", file=sys.stderr)
        for r in exc.rejections[:MAX_LISTED_REJECTIONS]:
            print(f"  {r}", file=sys.stderr)
        if len(exc.rejections) > MAX_LISTED_REJECTIONS:
            print(f"  ... and {len(exc.rejections) - MAX_LISTED_REJECTIONS} more", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
