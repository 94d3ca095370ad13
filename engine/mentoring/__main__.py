"""``python -m engine.mentoring …`` — same as ``talentbridge mentoring …``."""

import sys

from engine.mentoring.cli import main

raise SystemExit(main(sys.argv[1:]))
