"""``python -m engine.matching …`` — same as ``talentbridge match …``."""

import sys

from engine.matching.cli import main

raise SystemExit(main(sys.argv[1:]))
