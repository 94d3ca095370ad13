"""Options that several management commands share."""

from __future__ import annotations


def add_whole_numbers(parser, **defaults: int) -> None:
    """An option ``--name N`` taking a whole number for each keyword, with its default (in the
    keywords' order): the sizes of a benchmark's synthetic load, its seed, its repeats."""
    for name, default in defaults.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
