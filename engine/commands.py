"""What the engines' command lines (``talentbridge match | mentoring | tenure``) share: the
parser with one sub-command a task, and input whose problems are listed on stderr.

Standard library only, so that a light command (``tenure survival``) still starts quickly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any

from engine.errors import InputError

__all__ = ["CommandExit", "command_parser", "run_command", "valid_input"]


class CommandExit(Exception):
    """Ends a command early with exit status ``status``; why is already on stderr."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def command_parser(prog: str, description: str) -> tuple[argparse.ArgumentParser, Any]:
    """The parser of ``prog`` and its sub-command action (``add_parser`` adds one); every
    sub-command must set a default ``run``, the function that carries it out."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    return parser, parser.add_subparsers(dest="command", required=True)


def run_command(parser: argparse.ArgumentParser, argv: Sequence[str], *context: Any) -> int:
    """Parse ``argv`` and carry out the sub-command, ``run(args, *context)``: its exit status."""
    args = parser.parse_args(argv)
    try:
        return int(args.run(args, *context))
    except CommandExit as stop:
        return stop.status


def valid_input[T](heading: str, read: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``read(*args, **kwargs)``; if it raises :class:`InputError`, ``heading`` and every problem
    are printed to stderr and the command ends with exit status 2."""
    try:
        return read(*args, **kwargs)
    except InputError as exc:
        print(heading, file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise CommandExit(2) from None
