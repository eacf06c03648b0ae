"""Writing files atomically: exports (CLI and app) and the app's snapshot."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import TrackerError


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing (an export is never half-written)."""
    import os
    import tempfile

    path = path.expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise TrackerError(f"cannot write {path}: directory {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror or exc}") from None
