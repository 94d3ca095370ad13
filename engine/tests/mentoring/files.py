"""The hand-worked instance, as the four CSV files (shared by the CLI tests)."""

from __future__ import annotations

from pathlib import Path

# Mentors R1 (organisation A, capacity 1), R2 (B, 2), R3 (A, 1).
MENTORS = """mentor_id,organisation,capacity
R1,A,1
R2,B,2
R3,A,1
"""
# M1 (A) and M4 (C) want a mentor from outside their organisation.
MENTEES = """mentee_id,organisation,wants_outside
M1,A,1
M2,B,0
M3,C,0
M4,C,1
"""
# Line numbers (the header is line 1) are used in the bad-input tests.
PAIRS = """mentee_id,mentor_id,score,mentee_rank,mentor_rank
M1,R1,9,1,1
M1,R2,4.25,2,3
M2,R1,7.5,1,2
M2,R2,6.125,2,1
M3,R1,8,1,3
M3,R3,5,2,1
M4,R2,3.000001,1,2
M4,R3,2,2,2
"""
CONFLICTS = """mentee_id,mentor_id
M3,R3
"""

FILES = {"mentors.csv": MENTORS, "mentees.csv": MENTEES, "pairs.csv": PAIRS,
         "conflicts.csv": CONFLICTS}


def write(folder: Path, **changes: str | None) -> Path:
    """Write the hand-worked files into ``folder``; ``pairs="..."`` replaces a file and
    ``pairs=None`` leaves it out."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        key = name.removesuffix(".csv")
        text = changes.get(key, text) if key in changes else text
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
    return folder
