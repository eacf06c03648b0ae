"""The one way tracker writes a file the user named, without harming what is already there.

- ``-``: standard output.
- a regular file (new or existing): written atomically (temp file + rename in the same folder);
  an existing file keeps its mode, a new one gets the umask's default (0666 & ~umask).
- a symlink: followed; its target is written as above, the link stays a link.
- a character/block device or a FIFO: opened and written in place, streamed (never replaced).
- a directory, a socket or a folder that does not exist: refused.

``check_output`` answers "can this be written?" without writing, so commands call it before they
store any work (a ``--junit`` path that cannot be written must not leave results behind).
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import ConflictError, TrackerError

STDOUT = "-"


@dataclass(frozen=True)
class OutputTarget:
    """Where text will go: ``kind`` is ``stdout``, ``new``, ``file`` or ``stream``."""

    shown: str  # the path as the user gave it (for messages)
    real: Path  # the path written (symlinks resolved)
    kind: str
    mode: int | None = None  # an existing regular file's permission bits


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output(path: str | os.PathLike[str], *, overwrite: bool = True) -> OutputTarget:
    """Resolve and validate an output path without writing anything. Raises ``TrackerError``."""
    shown = os.fspath(path)
    if shown == STDOUT:
        return OutputTarget(shown, Path(STDOUT), "stdout")
    if not shown.strip() or "\x00" in shown:
        raise TrackerError(f"cannot write {shown!r}: not a file name")
    try:
        real = Path(os.path.realpath(Path(shown).expanduser()))
        st = real.stat()
    except FileNotFoundError:
        folder = real.parent
        if not folder.is_dir():
            raise TrackerError(f"cannot write {shown}: directory {folder} does not exist") from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise TrackerError(
                f"cannot write {shown}: directory {folder} is not writable"
            ) from None
        return OutputTarget(shown, real, "new")
    except (OSError, ValueError, UnicodeError) as exc:
        raise TrackerError(f"cannot write {shown!r}: {_reason(exc)}") from None
    if stat.S_ISDIR(st.st_mode):
        raise TrackerError(f"cannot write {shown}: it is a directory")
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        if not os.access(real, os.W_OK):
            raise TrackerError(f"cannot write {shown}: permission denied")
        return OutputTarget(shown, real, "stream")
    if not stat.S_ISREG(st.st_mode):
        raise TrackerError(f"cannot write {shown}: not a regular file, device or FIFO")
    if not overwrite:
        raise ConflictError(f"{shown} already exists; use --force to replace it")
    if not os.access(real.parent, os.W_OK | os.X_OK):
        raise TrackerError(f"cannot write {shown}: directory {real.parent} is not writable")
    return OutputTarget(shown, real, "file", stat.S_IMODE(st.st_mode))


def write_output(
    path: str | os.PathLike[str], text: str, *, overwrite: bool = True
) -> OutputTarget:
    """Write ``text`` to ``path`` (see the module docstring for what each kind of path gets)."""
    target = check_output(path, overwrite=overwrite)
    try:
        if target.kind == "stdout":
            sys.stdout.write(text)
            sys.stdout.flush()
        elif target.kind == "stream":
            _stream(target.real, text)
        else:
            _replace(target, text)
    except OSError as exc:
        raise TrackerError(f"cannot write {target.shown}: {_reason(exc)}") from None
    return target


def write_atomically(path: Path, text: str) -> None:
    """Kept for callers of the old name: the same as ``write_output``."""
    write_output(path, text)


def _stream(real: Path, text: str) -> None:
    # No O_TRUNC/O_CREAT: a device or FIFO is written in place and never created or replaced.
    fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _replace(target: OutputTarget, text: str) -> None:
    import tempfile

    real = target.real
    mode = target.mode if target.mode is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", dir=real.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
