"""Command line: ``talentbridge mentoring match | generate | bench``.

Also available as ``python -m engine.mentoring …``.

``match --instance DIR --output DIR [--method stable|optimal|both]``
    Read the four CSV files, run the method(s) (default both) and write ``stable.csv`` and/or
    ``optimal.csv`` and ``summary.json``. If the input is invalid, every problem found is printed
    to stderr, nothing is written and the exit status is 2.
``generate --mentees N --mentors M [--pairs-per-mentee K] [--seed S] --output DIR``
    Write a synthetic instance folder.
``bench [--seed 42] [--repeat 3] [--json FILE]``
    20,000 mentees, 5,000 mentors, 1,000,000 pairs: stable seconds, optimal against raw
    OR-Tools, peak memory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from engine.commands import command_parser
from engine.commands import run_command
from engine.commands import valid_input
from engine.mentoring.bench import run_bench
from engine.mentoring.generate import FULL
from engine.mentoring.generate import generate
from engine.mentoring.instance import read_instance
from engine.mentoring.optimal import MentoringSolveError
from engine.mentoring.output import run_method
from engine.mentoring.output import summary
from engine.mentoring.output import write_results

__all__ = ["main"]

STABLE_LIMIT_S = 3.0
RATIO_LIMIT = 1.3
PEAK_LIMIT_MIB = 1536


def _cmd_match(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    inst = valid_input(f"Instance {args.instance} is not valid:", read_instance, args.instance)
    read_seconds = time.perf_counter() - start
    methods = ["stable", "optimal"] if args.method == "both" else [args.method]
    try:
        results = [run_method(inst, method) for method in methods]
    except MentoringSolveError as exc:
        print(f"Could not match: {exc}", file=sys.stderr)
        return 1
    broken = [f"{r.method}: {p}" for r in results for p in r.problems]
    broken += [f"stable: {r.blocking_pairs} blocking pair(s)" for r in results
               if r.method == "stable" and r.blocking_pairs]
    if broken:  # the independent check disagrees with a method: a bug, never written out
        print("The independent check failed:", *broken, sep="\n  ", file=sys.stderr)
        return 1
    figures = summary(inst, results, read_seconds)
    write_results(inst, results, figures, Path(args.output))
    for r in results:
        f = r.figures(inst)
        print(f"{r.method}: matched {f['matched_mentees']:,} of {inst.n_mentees:,} mentees, "
              f"total score {f['total_score']:,}, {f['blocking_pairs']:,} blocking pair(s)")
    print(f"Written to {args.output}")
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    files = generate(args.mentees, args.mentors, args.pairs_per_mentee, args.seed)
    files.write(args.output)
    print(f"Wrote {len(files.mentee_ids):,} mentees, {len(files.mentor_ids):,} mentors, "
          f"{len(files.pair_mentee):,} pairs, {len(files.conflict_mentee):,} conflicts "
          f"to {args.output}")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    size = (args.mentees, args.mentors, args.pairs_per_mentee)
    r = run_bench(size, args.seed, args.repeat)
    ok = (r["stable_s"] < STABLE_LIMIT_S and r["ratio"] <= RATIO_LIMIT
          and r["peak_rss_mib"] < PEAK_LIMIT_MIB and r["optimum_equal"])
    print(f"Mentoring matching benchmark: {r['mentees']:,} mentees, {r['mentors']:,} mentors "
          f"(capacity {r['capacity']:,}), {r['listed_pairs']:,} listed pairs "
          f"({r['excluded_pairs']:,} excluded); seed {r['seed']}, best of {r['repeat']}")
    print(f"  read the files       {r['read_s']:.2f} s")
    print(f"  stable               {r['stable_s']:.2f} s (target under {STABLE_LIMIT_S:g} s); "
          f"total score {r['stable_total']:,}")
    print(f"  optimal              {r['optimal_s']:.2f} s; raw OR-Tools build + solve "
          f"{r['raw_s']:.2f} s; ours/raw {r['ratio']:.2f}x (target at most {RATIO_LIMIT:g}x; "
          f"in CPU time {r['ratio_cpu']:.2f}x); "
          f"total score {r['optimal_total']:,}; equals raw optimum: "
          f"{'yes' if r['optimum_equal'] else 'NO'}")
    print(f"  match CLI end to end {r['cli_s']:.2f} s (both methods, checks, writing); "
          f"peak RSS {r['peak_rss_mib']:,.0f} MiB (target under {PEAK_LIMIT_MIB:,} MiB)")
    print(f"  1-minute load average {r['load_avg_1min']} (shared machine); "
          f"{'all targets met' if ok else 'A TARGET WAS MISSED'}")
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


def _parser() -> argparse.ArgumentParser:
    parser, sub = command_parser(
        "talentbridge mentoring",
        "Match mentees with mentors from files: stable and optimal (no database).",
    )
    p = sub.add_parser("match", help="match an instance folder")
    p.add_argument("--instance", required=True, help="folder with the four CSV files")
    p.add_argument("--output", required=True, help="folder for the CSV results, summary.json")
    p.add_argument("--method", choices=["stable", "optimal", "both"], default="both")
    p.set_defaults(run=_cmd_match)

    p = sub.add_parser("generate", help="write a synthetic instance folder")
    p.add_argument("--mentees", type=int, required=True)
    p.add_argument("--mentors", type=int, required=True)
    p.add_argument("--pairs-per-mentee", type=int, default=50)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--output", required=True)
    p.set_defaults(run=_cmd_generate)

    p = sub.add_parser("bench", help="time both methods at 20,000 x 5,000 x 1,000,000")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    p.add_argument("--json", default=None, help="also write the figures as JSON here")
    p.add_argument("--mentees", type=int, default=FULL[0], help=argparse.SUPPRESS)
    p.add_argument("--mentors", type=int, default=FULL[1], help=argparse.SUPPRESS)
    p.add_argument("--pairs-per-mentee", type=int, default=FULL[2], help=argparse.SUPPRESS)
    p.set_defaults(run=_cmd_bench)
    return parser


def main(argv: list[str]) -> int:
    """Run ``talentbridge mentoring …`` with ``argv`` (without the program name)."""
    return run_command(_parser(), argv)
