"""The function-length check: long production functions must say why they are long."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_function_length.py"


def _function(lines: int, comment: str = "") -> str:
    body = "\n".join(f"    x{i} = {i}" for i in range(lines - 2))
    return f"{comment}def plan_rota():\n    \"\"\"Plan the rota.\"\"\"\n{body}\n"


def _check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)],  # noqa: S603
                          capture_output=True, text=True, check=False)


def _tree(tmp_path: Path, source: str, module: str = "talentbridge/rota.py") -> Path:
    path = tmp_path / module
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source)
    return tmp_path


def test_an_81_line_function_fails_with_its_place_and_length(tmp_path):
    result = _check(_tree(tmp_path, _function(81)))
    assert result.returncode == 1
    assert "talentbridge/rota.py:1 plan_rota (81 lines)" in result.stdout


def test_an_80_line_function_passes(tmp_path):
    result = _check(_tree(tmp_path, _function(80)))
    assert (result.returncode, result.stdout) == (0, "")


def test_a_long_reason_on_the_line_above_lets_it_pass(tmp_path):
    result = _check(_tree(tmp_path, _function(81, "# long: one table of rules\n")))
    assert (result.returncode, result.stdout) == (0, "")


def test_a_long_reason_on_the_def_line_lets_it_pass(tmp_path):
    source = _function(81).replace("():", "():  # long: one table of rules", 1)
    assert _check(_tree(tmp_path, source)).returncode == 0


def test_an_empty_reason_does_not_count(tmp_path):
    assert _check(_tree(tmp_path, _function(81, "# long:\n"))).returncode == 1


def test_tests_migrations_demo_and_bench_code_are_not_checked(tmp_path):
    for module in ("talentbridge/people/tests/test_rota.py", "engine/migrations/0001_rota.py",
                   "talentbridge/demo/rota.py", "engine/matching/bench_rota.py",
                   "talentbridge/insights/demo.py", "talentbridge/conftest.py"):
        _tree(tmp_path, _function(81), module)
    assert _check(tmp_path).returncode == 0


def test_the_production_code_has_no_unexplained_long_function():
    result = _check(ROOT)
    assert result.returncode == 0, result.stdout
