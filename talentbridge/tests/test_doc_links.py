"""The docs stand alone: `scripts/check_doc_links.py` (run by `make lint`) finds what is broken."""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SCRIPT = REPOSITORY / "scripts" / "check_doc_links.py"


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)],  # noqa: S603
                          capture_output=True, text=True, check=False)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_sound_folder_passes(tmp_path):
    write(tmp_path / "README.md", "# Guide\n\nRead [testing](docs/testing.md#running-one-part)"
                                  " and `docs/testing.md`.\n")
    write(tmp_path / "docs" / "testing.md", "# Testing\n\n## Running one part\n\nSee "
                                            "[the guide](../README.md#guide).\n")

    result = run_check(tmp_path)

    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_broken_link_is_reported_with_file_and_line(tmp_path):
    write(tmp_path / "README.md", "# Guide\n\nThe design is in [talent](docs/talent.md).\n")

    result = run_check(tmp_path)

    assert result.returncode == 1
    assert "README.md:3: link (docs/talent.md): docs/talent.md does not exist" in result.stdout


def test_a_missing_heading_anchor_is_reported(tmp_path):
    write(tmp_path / "docs" / "testing.md", "# Testing\n\n## Running one part\n")
    write(tmp_path / "docs" / "a.md", "See [one part](testing.md#running-one-part) and "
                                      "[browsers](testing.md#browser-tests).\n")

    result = run_check(tmp_path)

    assert result.stdout.splitlines()[0] == (
        "docs/a.md:1: link (testing.md#browser-tests): docs/testing.md has no heading "
        "with the anchor #browser-tests")
    assert "running-one-part" not in result.stdout


def test_a_missing_backticked_path_is_reported(tmp_path):
    write(tmp_path / "talentbridge" / "core" / "work.py", "")
    write(tmp_path / "docs" / "a.md", "Work lives in `core/work.py`; codes in "
                                      "`docs/reference-codes.md` and `core/codes.py`.\n")

    result = run_check(tmp_path)

    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "docs/a.md:1: `docs/reference-codes.md` names a file or folder that does not exist",
        "docs/a.md:1: `core/codes.py` names a file or folder that does not exist",
    ]


def test_text_reaching_outside_the_repository_is_reported(tmp_path):
    write(tmp_path / "docs" / "a.md",
          "The design is in the planning repository.\n"
          "Domain notes: [notes](../../planning/domain.md).\n"
          "Fixed as Issue #4 asked.\n"
          "Slow on a shared 2-core machine.\n"
          "Codes are listed in ../../planning/codes and ../codes.\n"
          "Notes are in /home/alice/notes.md.\n"
          "It runs only on this machine; pip cannot download wheels here.\n")

    result = run_check(tmp_path)

    lines = result.stdout.splitlines()
    assert lines[0].startswith("docs/a.md:1: points to the planning repository")
    assert "docs/a.md:2: link (../../planning/domain.md) leads outside the repository" in lines
    assert 'docs/a.md:3: cites an issue number; say what the text means instead: "Issue #4"' \
        in lines
    assert 'docs/a.md:4: describes one particular machine: "2-core"' in lines
    assert 'docs/a.md:5: points to a folder beside the repository: "../../planning"' in lines
    assert 'docs/a.md:5: "../codes" names a file or folder that does not exist' in lines
    assert "docs/a.md:6: names an absolute path on someone's computer: \"/home/alice\"" in lines
    assert 'docs/a.md:7: describes one particular machine: "this machine"' in lines
    assert 'docs/a.md:7: describes one particular machine: "cannot download wheels here"' in lines


def test_issue_citations_and_missing_docs_in_code_are_reported(tmp_path):
    write(tmp_path / "docs" / "testing.md", "# Testing\n")
    write(tmp_path / "engine" / "solver.py",
          '"""Solve (see docs/testing.md and docs/talent.md)."""\n\n# as issue #3 asked\n')

    result = run_check(tmp_path)

    assert result.stdout.splitlines()[:2] == [
        "engine/solver.py:1: cites docs/talent.md, which does not exist",
        'engine/solver.py:3: cites an issue number; say what the text means instead: '
        '"issue #3"',
    ]


def test_links_inside_code_blocks_are_not_links(tmp_path):
    write(tmp_path / "README.md", "# Guide\n\n```sh\necho '[x](missing.md)' `nowhere/x.py`\n```\n")

    assert run_check(tmp_path).returncode == 0


def test_this_repository_has_no_broken_links():
    result = run_check(REPOSITORY)

    assert result.stdout == ""
    assert result.returncode == 0
