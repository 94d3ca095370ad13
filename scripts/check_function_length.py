"""List production functions longer than 80 lines that carry no reason for their length.

    .venv/bin/python scripts/check_function_length.py [ROOT]

A function's length is end_lineno - lineno + 1 (docstring included). A function may stay long
if its `def` line, or the line above it, carries a comment `# long: <reason>`. Tests,
migrations, browser tests, conftest.py and demo or benchmark code are not checked.
Prints `path:line name (N lines)` for each offender; exit status 1 if there is any.
`make lint` runs it.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

LIMIT = 80
PACKAGES = ("talentbridge", "engine")
SKIPPED_FOLDERS = {"tests", "migrations", "browser_tests", "demo"}
SKIPPED_WORDS = ("demo", "bench")
REASON = re.compile(r"#\s*long:\s*\S")


def production_files(root: Path) -> Iterator[Path]:
    """Yield the production Python modules under the packages checked."""
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).parts
            if SKIPPED_FOLDERS.intersection(parts[:-1]) or path.name == "conftest.py":
                continue
            if any(word in path.stem for word in SKIPPED_WORDS):
                continue
            yield path


def has_reason(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the def line (or the line above it) says why the function is long."""
    start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    candidates = {node.lineno - 1, start - 2}
    return any(0 <= i < len(lines) and REASON.search(lines[i]) for i in candidates)


def long_functions(path: Path) -> Iterator[tuple[int, str, int]]:
    """Yield (line, name, length) for each over-long function without a reason."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source, filename=str(path))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        if length > LIMIT and not has_reason(lines, node):
            yield node.lineno, node.name, length


def main(argv: list[str]) -> int:
    """Report over-long functions under ROOT (default: the repository); 1 if any."""
    root = Path(argv[0]).resolve() if argv else Path(__file__).resolve().parents[1]
    found = 0
    for path in production_files(root):
        for line, name, length in sorted(long_functions(path)):
            print(f"{path.relative_to(root)}:{line} {name} ({length} lines)")
            found += 1
    if found:
        print(f"{found} function(s) over {LIMIT} lines without a '# long: <reason>' comment.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
