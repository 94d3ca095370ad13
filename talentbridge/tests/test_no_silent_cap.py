"""No list stops silently at a fixed number of rows.

A list page that shows ``rows[:200]`` hides the 201st row from everyone without a word: at
national scale that is most of England. Lists page instead (`talentbridge.core.paging`), or say
what they leave out and link to the rest.

The rule, checked on every production module under ``talentbridge/`` (not tests, migrations,
demo data or management commands): a slice with a fixed upper bound above 1 (a number, or an
UPPER_CASE constant) of a query is refused unless a ``# capped: <why, and where the rest
is>`` comment is on one of its lines or the line above. A query is

- a call of a queryset method (``.filter(``, ``.order_by(``, ``.all(``, ``.exclude(``, ...),
- a call of the app's own code (a function imported from ``talentbridge`` or a relative
  import, such as ``services.managed_organisations(user)``), whose answer is usually one,
- ``list(``, ``sorted(`` or ``tuple(`` of a query, or
- a name the same function (or module) assigns a query to.

A slice of anything else (``message[:500]``, ``str(error)[:200]``, a list of error rows) is
text or a bounded list, not a list of records, and is not checked. ``[:1]`` takes one row.
``qs[offset:offset + limit]`` (the API's paging) has no fixed upper bound.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "talentbridge"
SKIPPED_FOLDERS = {"tests", "browser_tests", "migrations", "demo", "management"}
QUERY_METHODS = {
    "all", "filter", "exclude", "order_by", "annotate", "alias", "select_related",
    "prefetch_related", "distinct", "values", "values_list", "only", "defer", "union",
    "visible_to", "none", "using", "reverse", "ready", "current",
}
WRAPPERS = {"list", "sorted", "tuple"}
MARKER = re.compile(r"#\s*capped:\s*\S")
UPPER_CASE = re.compile(r"^_?[A-Z][A-Z0-9_]*$")


def _fixed_bound(node: ast.expr | None) -> bool:
    """A number above 1 or an UPPER_CASE constant (``LIMIT``, ``settings.MAX_ROWS``)."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and node.value > 1
    if isinstance(node, ast.Name):
        return bool(UPPER_CASE.match(node.id))
    if isinstance(node, ast.Attribute):
        return bool(UPPER_CASE.match(node.attr))
    return False


def _own_names(tree: ast.Module) -> set[str]:
    """Names this module imports from the app itself (modules or functions)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(
                "talentbridge")):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names
                      if alias.name.startswith("talentbridge")}
    return names


class _Checker:
    def __init__(self, tree: ast.Module):
        self.own = _own_names(tree)

    def is_query(self, node: ast.expr, queries: set[str]) -> bool:
        if isinstance(node, ast.Name):
            return node.id in queries
        if not isinstance(node, ast.Call):
            return False
        func = node.func
        if isinstance(func, ast.Name):
            if func.id in WRAPPERS:
                return any(self.is_query(arg, queries) for arg in node.args)
            return func.id in self.own
        if isinstance(func, ast.Attribute):
            if func.attr in QUERY_METHODS:
                return True
            root = func.value
            return isinstance(root, ast.Name) and root.id in self.own
        return False

    def queries_in(self, scope: ast.AST) -> set[str]:
        """Names assigned a query in ``scope`` (a function or the module), to a fixed point."""
        queries: set[str] = set()
        assignments = [n for n in ast.walk(scope) if isinstance(n, ast.Assign | ast.AnnAssign)]
        while True:
            found = {target.id for n in assignments if n.value is not None
                     and self.is_query(n.value, queries)
                     for target in (n.targets if isinstance(n, ast.Assign) else [n.target])
                     if isinstance(target, ast.Name)}
            if found <= queries:
                return queries
            queries |= found


def _capped_slices(tree: ast.Module) -> list[ast.Subscript]:
    checker = _Checker(tree)
    scopes = [tree, *(n for n in ast.walk(tree)
                      if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))]
    found: dict[int, ast.Subscript] = {}
    for scope in scopes:
        queries = checker.queries_in(scope)
        for node in ast.walk(scope):
            if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice)
                    and node.slice.step is None and _fixed_bound(node.slice.upper)
                    and (node.slice.lower is None or isinstance(node.slice.lower, ast.Constant))
                    and checker.is_query(node.value, queries)):
                found[id(node)] = node
    return sorted(found.values(), key=lambda n: (n.lineno, n.col_offset))


def silent_caps(source: str, name: str = "<module>") -> list[str]:
    """``name:line: slice`` for each fixed slice of a query without a ``# capped:`` reason."""
    lines = source.splitlines()
    problems = []
    for node in _capped_slices(ast.parse(source)):
        around = lines[max(node.lineno - 2, 0):node.end_lineno]
        if not any(MARKER.search(line) for line in around):
            problems.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return problems


def production_modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if not SKIPPED_FOLDERS & set(path.relative_to(PACKAGE).parts[:-1]))


def test_no_list_stops_silently_at_a_fixed_number():
    problems = [problem for path in production_modules()
                for problem in silent_caps(path.read_text(), str(path.relative_to(ROOT)))]
    assert not problems, (
        "These lists stop at a fixed number of rows without saying so. Page them "
        "(talentbridge.core.paging.paginate), or say what is left out, link to the rest and "
        "mark the slice '# capped: <why, and where the rest is>':\n" + "\n".join(problems))


def test_the_old_capped_lists_are_caught():
    old_runs = (
        "from . import policy\n"
        "def visible_runs(user):\n"
        "    runs = MatchRun.objects.select_related('system', 'region', 'created_by')\n"
        "    return [run for run in runs[:200] if policy.can_view_run(user, run)]\n")
    assert silent_caps(old_runs) == ["<module>:4: runs[:200]"]
    old_home = (
        "from talentbridge.staff_record import services\n"
        "def home(request):\n"
        "    for organisation in services.managed_organisations(request.user)[:200]:\n"
        "        pass\n"
        "    feeds = services.imports_for(request.user)[:100]\n")
    assert silent_caps(old_home) == [
        "<module>:3: services.managed_organisations(request.user)[:200]",
        "<module>:5: services.imports_for(request.user)[:100]"]
    old_awaiting = (
        "def opportunity_list(request):\n"
        "    return rows(visible(request.user).filter(status__in=['draft'])[:LIMIT])\n")
    assert silent_caps(old_awaiting) == [
        "<module>:2: visible(request.user).filter(status__in=['draft'])[:LIMIT]"]


def test_text_one_row_api_pages_and_marked_caps_are_allowed():
    allowed = (
        "from talentbridge.people import services\n"
        "def f(request, message, qs, offset, limit):\n"
        "    name = str(message)[:200] + message[:500] + request.path[:200]\n"
        "    newest = qs.filter(x=1).order_by('-pk')[:1]\n"
        "    page = qs.filter(x=1)[offset:offset + limit]\n"
        "    # capped: the home page shows the latest five; 'See all' links to the full list\n"
        "    latest = list(services.latest(request.user)[:5])\n"
        "    return name, newest, page, latest\n")
    assert silent_caps(allowed) == []
