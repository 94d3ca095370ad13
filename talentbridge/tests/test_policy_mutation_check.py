"""The policy mutation check itself: it must tell a loosened rule from a harmless change, or its
"208 of 208 caught" would prove nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from check_policy_mutations import MATRIX_TESTS  # noqa: E402
from check_policy_mutations import MUTATIONS  # noqa: E402
from policy_mutations_plugin import changed_function  # noqa: E402

BOARD = "talentbridge/board/policy.py"


def _mutation(rule: str) -> dict:
    module, rule, old, new = next(m for m in MUTATIONS if m[1] == rule)
    return {"module": module, "rule": rule, "old": old, "new": new, "tests": MATRIX_TESTS[module]}


def _harmless(rule: str, old: str, new: str) -> dict:
    return {"module": BOARD, "rule": rule, "old": old, "new": new, "tests": MATRIX_TESTS[BOARD]}


def test_a_loosened_rule_is_caught_and_a_harmless_change_survives(tmp_path):
    plan = [
        _harmless("harmless, in a property", "return self.leads | self.delegate_for",
                  "return self.delegate_for | self.leads"),
        _mutation("delegates read their organisation's records"),
        # The same function again: the loosening above must have been undone.
        _harmless("harmless, after a loosening of the same property",
                  "return self.leads | self.delegate_for",
                  "return (self.leads | self.delegate_for)"),
        _mutation("a member attests only for themself"),
    ]
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    # On SQLite in memory, as `make policy-mutations` runs, whichever database this run is on.
    env = {**{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
           "PYTHONPATH": os.pathsep.join([str(ROOT / "scripts"), str(ROOT)]),
           "POLICY_MUTATIONS_PLAN": str(tmp_path / "plan.json"),
           "POLICY_MUTATIONS_RESULT": str(tmp_path / "result.json")}
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "policy_mutations_plugin",
         *MATRIX_TESTS[BOARD]], cwd=ROOT, env=env, check=False, capture_output=True)
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["baseline"] == [] and result["drift"] == []
    assert [verdict.strip() for verdict, _what in result["verdicts"]] == [
        "SURVIVED", "killed", "SURVIVED", "killed"]


def test_the_changed_function_is_found_past_the_context_a_mutation_carries():
    source = ("class Standing:\n    @property\n    def reads(self):\n        return 1\n\n\n"
              "def can_read(grants):\n    return grants.signed_in\n\n\ndef can_sign(grants):\n"
              "    return False\n")
    assert changed_function(source, "return 1\n", "return 2\n") == "Standing.reads"
    assert changed_function(source, "return grants.signed_in\n\n\ndef can_sign",
                            "return True\n\n\ndef can_sign") == "can_read"
    with pytest.raises(ValueError, match="not inside one function's body"):
        changed_function(source, "def can_read(grants):", "def can_read(grants, extra=1):")
