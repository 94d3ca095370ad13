"""Check that the docs stand alone: every link and cited path in README.md and docs/ exists.

Reads README.md and docs/**/*.md and reports, as `file:line: message`:
- a relative markdown link `[text](path#anchor)` whose file is missing, whose `#anchor` names no
  heading of that markdown file (GitHub's heading slugs), or that leads outside the repository;
- a backticked repository path (`docs/x.md`, `talentbridge/...`, `engine/...`, `scripts/...`),
  a path within the apps (`core/work.py`, `tests/test_x.py` of some app) or a backticked
  `name.md` that does not exist;
- text that reaches outside the repository (a sibling folder such as `../planning`, the
  "planning repository", an absolute path on someone's computer), an issue-number citation,
  or a description of one particular machine.
The Python files under talentbridge/, engine/ and scripts/ are checked for issue-number
citations, paths outside the repository and cited docs (`docs/x.md`) that do not exist.

Usage: python scripts/check_doc_links.py [ROOT]   (exit status 1 when anything is wrong)
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Folders a backticked path may start with to be checked as a path from the repository root.
REPOSITORY_FOLDERS = ("docs/", "talentbridge/", "engine/", "scripts/", "frontend/", ".ci/")
# Built by `make assets`, so absent from a fresh checkout.
GENERATED = ("talentbridge/core/static/talentbridge/build",)
PYTHON_FOLDERS = ("talentbridge", "engine", "scripts")
SKIPPED_PYTHON = ("scripts/check_doc_links.py", "talentbridge/tests/test_doc_links.py")

LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_SPAN = re.compile(r"`([^`\n]+)`")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
UP = re.compile(r"(?<![\w.])((?:\.\./)+)[\w-]+")
DOC_CITATION = re.compile(r"(?<![\w/])docs/[\w./-]*[\w-]\.md")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)

OUTSIDE_TEXT = [
    (re.compile(r"\bissue\s*#\s*\d+", re.IGNORECASE),
     "cites an issue number; say what the text means instead"),
    (re.compile(r"\bplanning repositor(?:y|ies)\b", re.IGNORECASE),
     "points to the planning repository, which a reader does not have"),
    (re.compile(r"(?<![\w.:/-])/(?:work|home|Users|mnt|srv)/[\w.-]+"),
     "names an absolute path on someone's computer"),
]
MACHINE_TEXT = [
    (re.compile(r"\b\d+-core\b", re.IGNORECASE), "describes one particular machine"),
    (re.compile(r"\bthis machine\b", re.IGNORECASE), "describes one particular machine"),
    (re.compile(r"\bcannot download\b[^.]*\bhere\b", re.IGNORECASE),
     "describes one particular machine"),
]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = text.replace("`", "").strip().lower()
    kept = []
    for char in text:
        if char in " -_" or unicodedata.category(char)[0] in "LN":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


def prose_lines(text: str):
    """(line number, line, inside a fenced code block) for each line of a markdown file."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            yield number, line, True
            continue
        yield number, line, fenced


def anchors(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    """The heading slugs of a markdown file, numbered as GitHub numbers repeats."""
    if path not in cache:
        seen: dict[str, int] = {}
        found = set()
        for _, line, fenced in prose_lines(path.read_text(encoding="utf-8")):
            match = None if fenced else HEADING.match(line)
            if match:
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        cache[path] = found
    return cache[path]


def check_link(root: Path, doc: Path, target: str, cache) -> str | None:
    """What is wrong with one markdown link, or None."""
    if EXTERNAL.match(target):
        return None
    path_part, _, anchor = target.partition("#")
    destination = (doc.parent / path_part).resolve() if path_part else doc
    if not destination.is_relative_to(root):
        return f"link ({target}) leads outside the repository"
    if not destination.exists():
        return f"link ({target}): {destination.relative_to(root)} does not exist"
    if anchor and destination.suffix == ".md" and anchor not in anchors(destination, cache):
        return (f"link ({target}): {destination.relative_to(root)} has no heading "
                f"with the anchor #{anchor}")
    return None


def check_code_span(root: Path, doc: Path, span: str) -> str | None:
    """What is wrong with a backticked path, or None when it exists or is not a path."""
    candidate = span.split("::")[0].strip()
    if " " in candidate or any(mark in candidate for mark in "<>{}[]$|…") or "..." in candidate:
        return None
    first = candidate.split("/")[0]
    if candidate.startswith(REPOSITORY_FOLDERS):
        places = [root]
    elif (first and "." in candidate.rsplit("/", 1)[-1]
          and (root / "talentbridge" / first).is_dir()):
        places = [root / "talentbridge", *sorted(p for p in (root / "talentbridge").iterdir()
                                               if p.is_dir())]  # `core/work.py`, `tests/x.py`
    elif "/" not in candidate and candidate.endswith(".md"):
        places = [doc.parent, root / "docs", root]
    else:
        return None
    relative = candidate.rstrip("/")
    if relative.startswith(GENERATED):
        return None
    for place in places:
        if "*" in relative:
            if any(place.glob(relative)):
                return None
        elif (place / relative).exists():
            return None
    return f"`{span}` names a file or folder that does not exist"


def check_text(line: str, rules) -> list[str]:
    return [f"{message}: \"{match.group(0)}\""
            for pattern, message in rules for match in pattern.finditer(line)]


def check_climbing(root: Path, doc: Path, line: str) -> list[str]:
    """Text such as `../planning/x` (not a link): beside the repository, or missing inside it."""
    problems = []
    for match in UP.finditer(LINK.sub("", line)):
        target = (doc.parent / match.group(0)).resolve()
        if not target.is_relative_to(root):
            problems.append(f"points to a folder beside the repository: \"{match.group(0)}\"")
        elif not target.exists():
            problems.append(f"\"{match.group(0)}\" names a file or folder that does not exist")
    return problems


def check_markdown(root: Path, doc: Path, cache) -> list[str]:
    problems = []
    name = doc.relative_to(root)
    for number, line, fenced in prose_lines(doc.read_text(encoding="utf-8")):
        messages = check_text(line, OUTSIDE_TEXT + MACHINE_TEXT) + check_climbing(root, doc, line)
        if not fenced:
            for match in LINK.finditer(line):
                messages.append(check_link(root, doc, match.group("target"), cache))
            for span in CODE_SPAN.findall(LINK.sub("", line)):
                messages.append(check_code_span(root, doc, span))
        problems += [f"{name}:{number}: {message}" for message in messages if message]
    return problems


def check_python(root: Path, source: Path) -> list[str]:
    name = source.relative_to(root)
    if name.as_posix() in SKIPPED_PYTHON:
        return []
    problems = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        messages = check_text(line, OUTSIDE_TEXT)
        messages += [f"cites {match.group(0)}, which does not exist"
                     for match in DOC_CITATION.finditer(line)
                     if not (root / match.group(0)).exists()]
        problems += [f"{name}:{number}: {message}" for message in messages]
    return problems


def problems_in(root: Path) -> list[str]:
    """Every problem in the docs and Python sources under `root`, in file order."""
    root = root.resolve()
    docs = [root / "README.md"] if (root / "README.md").exists() else []
    docs += sorted((root / "docs").rglob("*.md"))
    cache: dict[Path, set[str]] = {}
    problems = []
    for doc in docs:
        problems += check_markdown(root, doc, cache)
    for folder in PYTHON_FOLDERS:
        for source in sorted((root / folder).rglob("*.py")):
            if "migrations" not in source.parts:
                problems += check_python(root, source)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else ROOT
    problems = problems_in(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the docs: fix each link or path above.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
