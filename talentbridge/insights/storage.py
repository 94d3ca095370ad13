"""Where imported files live: ``settings.INSIGHTS_STORAGE_DIR`` (default ``VAR_DIR/snapshots``).

Uploads wait in ``uploads/`` until the background import has read them; validated data is kept
as Parquet in ``parquet/``; the full list of rejected rows of a large file in ``errors/``. Paths
in the database are relative to the folder, so it can move. In production with more than one
web or task server, this folder must be shared storage (a network file system or a mounted
bucket) that every server sees at the same path.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from pathlib import Path
from typing import BinaryIO

from talentbridge.core.uploaded_files import path_inside
from talentbridge.core.uploaded_files import storage_root

CHUNK = 1024 * 1024


def root() -> Path:
    return storage_root("INSIGHTS_STORAGE_DIR", "snapshots")


def absolute(relative: str) -> Path:
    return path_inside(root(), relative, "insights storage folder")


def new_path(folder: str, suffix: str) -> str:
    (root() / folder).mkdir(parents=True, exist_ok=True)
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def save_upload(stream: BinaryIO | bytes, suffix: str) -> tuple[str, str, int]:
    """Write an upload to ``uploads/``; returns (relative path, SHA-256, size in bytes)."""
    relative = new_path("uploads", suffix)
    digest = hashlib.sha256()
    size = 0
    with open(absolute(relative), "wb") as out:
        if isinstance(stream, bytes):
            chunks = [stream]
        elif hasattr(stream, "chunks"):
            chunks = stream.chunks(CHUNK)
        else:
            chunks = iter(lambda: stream.read(CHUNK), b"")
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return relative, digest.hexdigest(), size


def remove(relative: str) -> None:
    """Delete a stored file and anything kept beside it (``<name>.by-org-*.parquet``,
    ``<name>.by-band.parquet``)."""
    if relative:
        path = absolute(relative)
        for sidecar in path.parent.glob(f"{path.stem}.by-*.parquet"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(sidecar)
        with contextlib.suppress(FileNotFoundError):
            os.remove(absolute(relative))
