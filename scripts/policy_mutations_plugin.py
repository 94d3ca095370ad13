"""A pytest plugin that tries policy mutations inside one test session.

`scripts/check_policy_mutations.py` starts a few pytest processes with this plugin
(`-p policy_mutations_plugin`), each given a plan: a JSON list of mutations and the matrix test
files that guard them. Instead of running the collected tests once, the session:

1. runs every collected test on the unmutated policies (all must pass);
2. for each mutation, swaps the code of the one function whose body the mutation changes for
   the code of that function compiled from the mutated source, runs the mutation's matrix
   tests until one fails (as `-x` would), and swaps the original code back;
3. runs every collected test again on the unmutated policies, so that a test database that
   drifted during the mutations cannot pass for a caught mutation;

and writes its verdicts to the result file. Swapping `__code__` changes the function object
itself, so every module that imported it sees the mutation too, as it would in a mutated copy
of the file; the Django start-up, the test database and the collection are paid once per
process instead of once per mutation. Between mutations everything but the session is torn
down, so module-scoped worlds (and the grants cached on their users) are built afresh.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import types
from functools import cached_property
from pathlib import Path

import pytest
from _pytest.runner import runtestprotocol

PLAN = "POLICY_MUTATIONS_PLAN"
RESULT = "POLICY_MUTATIONS_RESULT"


class _SessionLevel:
    """Stands for "the next test" when only the session's fixtures should stay set up."""

    def __init__(self, session: pytest.Session):
        self._chain = [session]

    def listchain(self) -> list:
        return self._chain


def _functions(tree: ast.Module):
    """(qualified name, node) of every function at module level or in a class."""
    found = []

    def walk(node, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((prefix + child.name, child))
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")

    walk(tree, "")
    return found


def changed_function(source: str, old: str, new: str) -> str:
    """The qualified name of the one function whose body replacing `old` by `new` changes.

    The texts to replace often carry a line of context (the next `def`) to be unique; only the
    part that differs must lie inside one function's body."""
    start = source.index(old)
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    first = source.count("\n", 0, start + head) + 1
    last = source.count("\n", 0, max(start + head, start + len(old) - tail)) + 1
    for qualname, node in _functions(ast.parse(source)):
        if node.body[0].lineno <= first and last <= node.end_lineno:
            return qualname
    raise ValueError(f"the change at lines {first}-{last} is not inside one function's body")


def _code_named(code: types.CodeType, qualname: str) -> types.CodeType | None:
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            if const.co_qualname == qualname:
                return const
            if found := _code_named(const, qualname):
                return found
    return None


def _live_function(module: types.ModuleType, qualname: str) -> types.FunctionType:
    """The function object the running code calls, under properties and decorators."""
    obj = module
    for part in qualname.split("."):
        obj = vars(obj)[part]
    if isinstance(obj, property):
        obj = obj.fget
    elif isinstance(obj, cached_property):
        obj = obj.func
    elif isinstance(obj, staticmethod | classmethod):
        obj = obj.__func__
    while not (isinstance(obj, types.FunctionType) and obj.__code__.co_qualname == qualname):
        obj = obj.__wrapped__
    return obj


class Mutant:
    """One mutation applied in memory: `with Mutant(path, old, new):` runs code mutated."""

    def __init__(self, path: str, old: str, new: str):
        source = Path(path).read_text()
        self.qualname = changed_function(source, old, new)
        mutated = compile(source.replace(old, new, 1), path, "exec")
        self.code = _code_named(mutated, self.qualname)
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        self.function = _live_function(module, self.qualname)
        self.original = self.function.__code__

    def __enter__(self) -> Mutant:
        self.function.__code__ = self.code
        return self

    def __exit__(self, *exc) -> None:
        self.function.__code__ = self.original


def _run(session: pytest.Session, items: list, *, stop_at_first_failure: bool):
    """Run items (torn down to the session afterwards); the failed reports."""
    failed = []
    for index, item in enumerate(items):
        nextitem = items[index + 1] if index + 1 < len(items) else _SessionLevel(session)
        failed += [report for report in runtestprotocol(item, log=False, nextitem=nextitem)
                   if report.failed]
        if failed and stop_at_first_failure:
            break
    session._setupstate.teardown_exact(_SessionLevel(session))
    return failed


def _caught_by_an_assertion(failed: list) -> bool:
    """Caught only when a test's assertion fails, not when setup or the code breaks."""
    return any(report.when == "call" and "assert" in report.longrepr.reprcrash.message.lower()
               for report in failed)


def _describe(failed: list) -> list[str]:
    return [f"{report.nodeid} ({report.when}): {report.longrepr.reprcrash.message}"
            for report in failed]


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool:
    plan = json.loads(Path(os.environ[PLAN]).read_text())
    say = session.config.pluginmanager.get_plugin("terminalreporter").write_line
    result: dict = {"baseline": [], "verdicts": [], "drift": []}
    result["baseline"] = _describe(_run(session, session.items, stop_at_first_failure=False))
    if not result["baseline"]:
        for mutation in plan:
            what = f"{mutation['module']}: {mutation['rule']}"
            items = [item for item in session.items
                     if item.nodeid.split("::")[0] in mutation["tests"]]
            with Mutant(mutation["module"], mutation["old"], mutation["new"]):
                failed = _run(session, items, stop_at_first_failure=True)
            verdict = "killed  " if _caught_by_an_assertion(failed) else "SURVIVED"
            say(f"  {verdict} {what}", flush=True)
            result["verdicts"].append([verdict, what])
        result["drift"] = _describe(_run(session, session.items, stop_at_first_failure=False))
    Path(os.environ[RESULT]).write_text(json.dumps(result))
    session.testsfailed = len(result["baseline"]) + len(result["drift"]) + sum(
        verdict != "killed  " for verdict, _what in result["verdicts"])
    return True
