"""``python -m engine.tenure …`` — same as ``talentbridge tenure …``."""

import sys

from engine.tenure.cli import main

raise SystemExit(main(sys.argv[1:]))
