"""``python -m engine.insights ...`` runs the insights command line."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
