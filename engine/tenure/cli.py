"""Command line: ``talentbridge tenure survival | generate | bench``.

Also available as ``python -m engine.tenure …``.

``survival --tenures FILE [--by COLUMN] [--format json] [--as-of YYYY-MM-DD]``
    Kaplan–Meier survival in post, for everyone ("ALL") and for each value of the ``--by``
    column: one JSON object on stdout. If the file is not valid, every problem is listed on
    stderr, nothing is printed on stdout and the exit status is 2.
``generate --rows N [--seed S] [--as-of YYYY-MM-DD] --output FILE``
    Write a synthetic tenures file.
``bench [--rows 200000] [--seed 42] [--repeat 3]``
    Time our read and curves against lifelines on the same generated data; print both.

Only NumPy and the standard library are imported on the ``survival`` path, so the command
starts quickly; the benchmark imports lifelines (a development dependency) when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from engine.commands import command_parser
from engine.commands import run_command
from engine.commands import valid_input
from engine.tenure.generate import write_tenures
from engine.tenure.report import survival_report
from engine.tenure.survival import survival_by_group
from engine.tenure.tenures import read_tenures

__all__ = ["main"]

DEFAULT_AS_OF = date(2026, 3, 31)  # generated data only: the end of the 2025/26 NHS year


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date in YYYY-MM-DD form (for example 2026-03-31)'
        ) from None


def survival_json(path: Path, *, as_of: date, by: str | None) -> str:
    """The command's output for a tenures file (raises :class:`TenureInputError`)."""
    durations, observed, groups = read_tenures(path, as_of=as_of, by=by)
    return json.dumps(survival_report(survival_by_group(durations, observed, groups)), indent=2)


def _cmd_survival(args: argparse.Namespace, stdout: TextIO) -> int:
    if not args.tenures.is_file():
        print(f'--tenures: "{args.tenures}": no such file', file=sys.stderr)
        return 2
    text = valid_input(f"{args.tenures} is not valid; nothing was computed:", survival_json,
                       args.tenures, as_of=args.as_of or date.today(), by=args.by)
    stdout.write(text + "\n")
    return 0


def _cmd_generate(args: argparse.Namespace, stdout: TextIO) -> int:
    if args.rows < 1:
        print(f'--rows: "{args.rows}": must be at least 1', file=sys.stderr)
        return 2
    write_tenures(args.output, args.rows, args.seed, args.as_of or DEFAULT_AS_OF)
    stdout.write(f"Wrote {args.rows:,} synthetic tenures to {args.output}\n")
    return 0


def _cmd_bench(args: argparse.Namespace, stdout: TextIO) -> int:
    # the benchmark needs lifelines (slow to import, a development dependency); only it does
    from engine.tenure.bench import print_bench
    from engine.tenure.bench import run_bench

    result = run_bench(rows=args.rows, seed=args.seed, repeat=args.repeat)
    print_bench(result, stdout)
    return 0 if result["agree"] else 1


def _parser() -> argparse.ArgumentParser:
    parser, sub = command_parser(
        "talentbridge tenure",
        "How long leaders stay in post: Kaplan–Meier survival from tenure files.",
    )

    p = sub.add_parser("survival", help="survival in post by group, as JSON")
    p.add_argument("--tenures", required=True, type=Path,
                   help="CSV: person_id,organisation,start_date,end_date,exit_reason[,...]")
    p.add_argument("--by", default=None, help="a column of the file to group by")
    p.add_argument("--format", choices=["json"], default="json")
    p.add_argument("--as-of", type=_iso_date, default=None,
                   help="date still-in-post tenures are counted to (default today)")
    p.set_defaults(run=_cmd_survival)

    p = sub.add_parser("generate", help="write a synthetic tenures file")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--as-of", type=_iso_date, default=None,
                   help=f"the last day of the data (default {DEFAULT_AS_OF})")
    p.add_argument("--output", required=True, type=Path)
    p.set_defaults(run=_cmd_generate)

    p = sub.add_parser("bench", help="time against lifelines on generated data")
    p.add_argument("--rows", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    p.set_defaults(run=_cmd_bench)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run ``talentbridge tenure …`` with ``argv`` (without the program name)."""
    return run_command(_parser(), sys.argv[1:] if argv is None else list(argv),
                       stdout or sys.stdout)
