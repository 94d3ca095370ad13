"""Fail on an import inside a function that does not say why it is there.

    .venv/bin/python scripts/check_function_imports.py [PATH ...]

Imports belong at the top of a module; the layers (import-linter, `make lint`) keep them from
running in circles. An import inside a function is allowed only with a comment saying why: on
its own line, or on the line just above it (or above the run of imports it belongs to), e.g.

    def export(rows):
        # openpyxl is slow to import and only exports need it
        from openpyxl import Workbook

Production code only: tests, migrations and conftest files are not checked. Prints
`path:line: import` for each import without a reason; exit status 1 if there are any.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("talentbridge", "engine")
EXEMPT_PARTS = {"tests", "browser_tests", "migrations"}


def production_files(paths: list[Path]) -> list[Path]:
    files = []
    for base in paths:
        for path in sorted(base.rglob("*.py")) if base.is_dir() else [base]:
            if EXEMPT_PARTS & set(path.parts) or path.name == "conftest.py":
                continue
            files.append(path)
    return files


def _is_import(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("import ", "from ")) or stripped.startswith(")") or (
        stripped.endswith(",") and not stripped.startswith("#"))


def has_reason(lines: list[str], node: ast.stmt) -> bool:
    """A comment on the import's own lines, or on the line above it or above its run of
    imports."""
    own = lines[node.lineno - 1: (node.end_lineno or node.lineno)]
    if any("#" in line for line in own):
        return True
    above = node.lineno - 2
    while above >= 0 and _is_import(lines[above]):
        above -= 1
    return above >= 0 and lines[above].strip().startswith("#")


def unexplained(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and not has_reason(lines, node):
                found.append(f"{path}:{node.lineno}: {lines[node.lineno - 1].strip()}")
    return sorted(set(found), key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [ROOT / p for p in PACKAGES]
    problems = [p for path in production_files(paths) for p in unexplained(path)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} imports inside functions without a comment saying why: move "
              "them to the top of the module, or say why they must stay.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
