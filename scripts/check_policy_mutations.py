"""Prove the access matrix guards every rule: loosen (or delete) one rule of the access policy
at a time, in a scratch copy of the code, and check that the matrix tests then fail.

    .venv/bin/python scripts/check_policy_mutations.py

Exit status 0 only if every mutation is caught ("killed"). `make test` runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICY = Path("talentbridge/people/policy.py")
MATRIX_TESTS = [
    "talentbridge/people/tests/test_access_matrix.py",
    "talentbridge/people/tests/test_access_matrix_web.py",
    "talentbridge/people/tests/test_access_matrix_api.py",
]

#: (rule, text in policy.py, replacement). Each replacement deletes or loosens one rule.
MUTATIONS = [
    ("administrators see characteristics only with a reason",
     "(grants.is_administrator and bool(reason.strip()))", "grants.is_administrator"),
    ("only the person sees their own characteristics",
     "return is_self or (grants.is_administrator", "return True or (grants.is_administrator"),
    ("organisation leads edit only their own organisation's people",
     "or person.organisation_id in grants.lead_organisation_ids\n        )",
     "or person.organisation_id in grants.system_organisation_ids\n        )"),
    ("only the person changes their own choices (talent leads may not)",
     "    if action == Action.CHANGE_CHOICES:\n        return is_self\n",
     "    if action == Action.CHANGE_CHOICES:\n"
     "        return is_self or person.organisation_id in grants.lead_organisation_ids\n"),
    ("only the person changes their own choices (administrators may not)",
     "    if action == Action.CHANGE_CHOICES:\n        return is_self\n",
     "    if action == Action.CHANGE_CHOICES:\n"
     "        return is_self or grants.is_administrator\n"),
    ("an administrator resets visibility only with a reason",
     "return grants.is_administrator and bool(reason.strip())\n    if action == Action.EDIT",
     "return grants.is_administrator\n    if action == Action.EDIT"),
    ("line managers may not edit",
     "            is_self\n            or grants.is_administrator\n",
     "            is_self\n            or grants.is_administrator\n"
     "            or _manages(grants, person)\n"),
    ("system reach needs a 'system' or wider choice (decision)",
     "        and person.visibility in SYSTEM_OR_WIDER\n", "\n"),
    ("system reach needs a 'system' or wider choice (queryset)",
     "organisation_id__in=grants.system_organisation_ids, visibility__in=SYSTEM_OR_WIDER",
     "organisation_id__in=grants.system_organisation_ids"),
    ("national reach needs a 'national' choice (decision)",
     "if grants.sees_national and person.visibility == Visibility.NATIONAL:",
     "if grants.sees_national:"),
    ("national reach needs a 'national' choice (queryset)",
     "allowed |= Q(visibility=Visibility.NATIONAL)", "allowed |= Q()"),
    ("only talent leads have national reach",
     "    if grants.sees_national:\n        allowed |=", "    if True:\n        allowed |="),
    ("regional and national leads see national choices",
     "grants.sees_national = True\n    user._talentbridge_grants",
     "pass\n    user._talentbridge_grants"),
    ("organisation leads see their own organisation",
     "allowed |= Q(organisation_id__in=grants.lead_organisation_ids)", "pass"),
    ("line managers see their reports (queryset)",
     "allowed |= Q(line_manager_id=grants.person_id)", "pass"),
    ("line managers see two levels, not three",
     "pk=person.line_manager_id, line_manager_id=grants.person_id",
     "pk=person.line_manager_id"),
    ("administrators see everyone", "        return Q()\n    allowed", "        pass\n    allowed"),
    ("inactive users have no access",
     "or not user.is_authenticated or not user.is_active", "or not user.is_authenticated"),
    ("ended role assignments grant nothing",
     "user.role_assignments.current()", "user.role_assignments.all()"),
    ("system leads are confined to their own system",
     "grants.system_organisation_ids.update(organisation_ids_in_system(assignment.system_id))",
     "grants.system_organisation_ids.update(__import__('talentbridge.organisations.models', "
     "fromlist=['x']).Organisation.objects.values_list('pk', flat=True))"),
]


def run_matrix(workdir: Path, env: dict) -> tuple[int, str]:
    tests = [t for t in MATRIX_TESTS if (workdir / t).exists()]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-x", "-rf", "-p", "no:cacheprovider", "-n", "0",
         "-c", str(workdir / "pyproject.toml"), "--rootdir", str(workdir), *tests],
        cwd=workdir, env=env, capture_output=True, text=True, check=False,
    )
    return result.returncode, result.stdout


def caught_by_an_assertion(returncode: int, output: str) -> bool:
    """A mutation counts as caught only when a matrix assertion fails, not when code breaks."""
    failures = [line for line in output.splitlines() if line.startswith("FAILED")]
    return returncode == 1 and any("assert" in line.lower() for line in failures)


def main() -> int:
    # A wide terminal, so pytest keeps the "AssertionError" on each FAILED summary line.
    env = {**os.environ, "PYTHONPATH": ".", "COLUMNS": "400"}
    survived = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "talentbridge", work / "talentbridge",
                        ignore=shutil.ignore_patterns("__pycache__", "node_modules", "build"))
        shutil.copytree(ROOT / "engine", work / "engine",
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", work / "pyproject.toml")
        original = (work / POLICY).read_text()
        if run_matrix(work, env)[0] != 0:
            print("The matrix tests fail on the unmutated policy: fix them first.")
            return 1
        for rule, old, new in MUTATIONS:
            if old not in original:
                print(f"  STALE   {rule}: the text to mutate is no longer in policy.py")
                survived.append(rule)
                continue
            (work / POLICY).write_text(original.replace(old, new, 1))
            caught = caught_by_an_assertion(*run_matrix(work, env))
            print(f"  {'killed ' if caught else 'SURVIVED'} {rule}")
            if not caught:
                survived.append(rule)
        (work / POLICY).write_text(original)
    total = len(MUTATIONS)
    print(f"{total - len(survived)} of {total} loosened rules caught by the access matrix.")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
