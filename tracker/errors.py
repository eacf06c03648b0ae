"""One exception hierarchy; the CLI maps it to exit codes in one place (``exit_code``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime


def _clipped(name: str, width: int = 60) -> str:
    """``repr`` of a name the user gave, clipped: an error line never echoes 100,000 characters."""
    if len(name) <= width:
        return repr(name)
    return repr(name[:width]) + f"… ({len(name)} characters)"


class TrackerError(Exception):
    """Base of every error a user can cause or see. ``str(err)`` is a one-line message."""

    exit_code = 2


class ConfigError(TrackerError):
    """Bad configuration: database URL, environment, settings file."""


class TemplateError(TrackerError):
    """A template file is malformed or breaks the schema."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path, self.line, self.column = path, line, column
        where = ""
        if path is not None:
            where = path
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(f"{where}{message}")


class NotFoundError(TrackerError):
    """A named thing (release, item, owner, template) does not exist; suggests close names."""

    def __init__(self, kind: str, name: str, suggestions: Iterable[str] = ()) -> None:
        self.kind, self.name = kind, name
        self.suggestions = list(suggestions)
        msg = f"unknown {kind} {_clipped(name)}"
        if self.suggestions:
            msg += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(msg)


class AmbiguousNameError(TrackerError):
    """A text fragment matches more than one thing."""

    def __init__(self, kind: str, name: str, matches: Iterable[str]) -> None:
        self.matches = list(matches)
        shown = ", ".join(repr(m) for m in self.matches[:5])
        more = f" and {len(self.matches) - 5} more" if len(self.matches) > 5 else ""
        super().__init__(f"{kind} {_clipped(name)} is ambiguous: matches {shown}{more}")


class ValidationError(TrackerError):
    """A value given by the user is not acceptable (bad URL, missing N/A reason, ...)."""


@dataclass(frozen=True, slots=True)
class FieldConflict:
    """One field an edit wanted to change that someone else changed first.

    ``theirs`` is the value stored now, set by ``by`` at ``at`` (both None when the audit log
    does not say); ``yours`` is what the refused edit would have stored; ``seen`` is the value
    the editor saw when the edit began (None when only a version was given); ``edited`` is False
    for a field the edit did not touch, shown because only the version was checked. Values are the
    audit log's strings: a status value, an owner handle, an ISO date, the notes text.
    """

    field: str
    theirs: str | None
    yours: str | None
    seen: str | None = None
    by: str | None = None
    at: datetime | None = None
    edited: bool = True  # False: a field the refused edit did not touch (only its version moved)


class ConflictError(TrackerError):
    """The thing changed since it was read (optimistic concurrency) or already exists.

    For a refused edit, ``subject`` names what was edited (an item key, or a task occurrence
    such as ``verify-feature-freshness (2026-12-09)``), ``conflicts`` lists each field with
    theirs next to yours, and ``current_version`` is the row's version now. Nothing was written.
    """

    def __init__(
        self,
        message: str,
        *,
        subject: str | None = None,
        conflicts: Sequence[FieldConflict] = (),
        current_version: int | None = None,
    ) -> None:
        super().__init__(message)
        self.subject = subject
        self.conflicts = tuple(conflicts)
        self.current_version = current_version


class SchemaVersionError(TrackerError):
    """The database schema is newer than this version of tracker understands."""


class DatabaseError(TrackerError):
    """The database could not be opened or written."""


class GateFailed(TrackerError):
    """Not an error of use: a gate or verification decided "no". Carries its own exit code."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
