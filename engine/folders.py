"""Writing an output folder all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["staged_folder"]


@contextmanager
def staged_folder(output: Path) -> Iterator[Path]:
    """A fresh sibling folder of ``output`` to write the files into; once the block ends
    without an error they are moved into place (in the order of their names), so an
    interrupted run never leaves a half-written output folder behind.

    If ``output`` does not exist the staging folder becomes it; otherwise each file replaces its
    namesake there and the other files in ``output`` are left alone.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=output.parent))
    try:
        yield staging
        if output.exists():
            for path in sorted(staging.iterdir()):
                os.replace(path, output / path.name)
            staging.rmdir()
        else:
            os.replace(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
