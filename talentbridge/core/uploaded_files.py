"""Files people upload for an import (a workforce snapshot or events file, an organisation's
leaders' feed): the folder each kind waits in, a path kept inside it, and the check of a
spreadsheet's name and size."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


def storage_root(setting: str, default: str) -> Path:
    """The folder ``settings.<setting>`` (by default ``VAR_DIR/<default>``), made if missing."""
    folder = Path(getattr(settings, setting, Path(settings.VAR_DIR) / default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def path_inside(folder: Path, relative: str, name: str) -> Path:
    """`relative` resolved under `folder`; a ValueError naming the folder if it leads out."""
    path = (folder / relative).resolve()
    if folder.resolve() not in path.parents:
        raise ValueError(f"{relative!r} is outside the {name}")
    return path


def spreadsheet_suffix(filename: str, size: int | None, max_bytes: int, too_large: str) -> str:
    """The suffix of an uploaded CSV or XLSX file of at most `max_bytes` (size None: not known
    yet); otherwise a ValidationError on "file": the file's name, or `too_large`."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ValidationError({"file": f'The selected file must be a CSV or XLSX file, not '
                                       f'"{filename}"'})
    if size is not None and size > max_bytes:
        raise ValidationError({"file": too_large})
    return suffix
