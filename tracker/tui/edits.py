"""Edits as compare-and-set requests: what the user changes, against what they saw.

An ``Edit`` is made when a dialog opens or a key is pressed: it holds the version of the item
(or task) on screen at that moment, never a value read after a live refresh. It is written in a
thread of its own, in the order the user made the edits (``WriteQueue``). When the stored version
differs, nothing is written: the worker reads the stored value and the last change to it and
posts ``EditConflict`` so the screen can show theirs next to yours.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.message import Message

from tracker.domain.enums import ItemStatus
from tracker.domain.models import AuditEvent, ReleaseItem, TaskOccurrence
from tracker.errors import ConflictError, TrackerError
from tracker.tui.labels import STATUS_LABEL

if TYPE_CHECKING:
    from tracker.services.tracker import TrackerService

log = logging.getLogger(__name__)

Target = ReleaseItem | TaskOccurrence
Write = Callable[["TrackerService", "int | None"], Target]


@dataclass(frozen=True)
class Edit:
    """One change the user made, bound to the version they saw."""

    key: str
    """The item key, or ``task:<id>`` for a task occurrence."""
    label: str
    """What is edited, as the user reads it: ``status``, ``notes``, ``owner``..."""
    base: Target
    """The item or task as it was on screen when the edit began."""
    mine: str
    """The user's new value, as text (shown next to theirs on conflict)."""
    write: Write
    """Stores the change; the second argument is the expected version (None: unchecked)."""
    reread: Callable[[TrackerService], Target]
    history: Callable[[TrackerService], Sequence[AuditEvent]]
    theirs: Callable[[Target], str]
    """The stored value of the edited field, as text."""
    fields: tuple[str, ...] = ()
    """The audit actions this edit touches (to find who changed it last)."""
    note: str | None = None
    """Said when the change is stored."""
    chained: bool = False
    """Made while an earlier edit of the same thing was in flight: the user saw its result."""
    payload: Any = None
    """Whatever the screen needs to re-apply the edit in a new form (the notes draft...)."""

    def rebased(self, on: Target) -> Edit:
        """The same change, now against ``on`` (re-apply after a conflict)."""
        return replace(self, base=on, chained=False)


class EditSaved(Message):
    def __init__(self, edit: Edit, saved: Target) -> None:
        super().__init__()
        self.edit, self.saved = edit, saved


class EditConflict(Message):
    """Nothing was written: ``theirs`` is the stored state, ``last`` the change that made it."""

    def __init__(
        self, edit: Edit, theirs: Target, last: AuditEvent | None, *, quiet: bool = False
    ) -> None:
        super().__init__()
        self.edit, self.theirs, self.last = edit, theirs, last
        self.quiet = quiet
        """A second key press on a line whose first change was refused: shown, not asked."""


class EditFailed(Message):
    def __init__(self, edit: Edit, error: TrackerError) -> None:
        super().__init__()
        self.edit, self.error = edit, error


def _writer() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-writes")


@dataclass
class WriteQueue:
    """Runs edits one at a time in the order they were made, and remembers the version each own
    write produced so that a second key press on the same line, made before the first was
    stored, applies to what the user saw: the first one's result.

    The edits run on the queue's one thread (``submit``), not in a thread worker each: worker
    threads come from the event loop's shared executor (6 threads on 2 cores), so a few
    dozen queued ticks on a slow database filled it, and every read and Markdown render of
    the app waited behind the writes."""

    _turn: int = 0
    _next: int = 0
    _cond: threading.Condition = field(default_factory=threading.Condition)
    _produced: dict[str, tuple[int, int]] = field(default_factory=dict)
    _refused: set[str] = field(default_factory=set)
    pending: dict[str, int] = field(default_factory=dict)
    """Edits in flight per key (read and written on the UI thread only)."""
    _thread: ThreadPoolExecutor = field(default_factory=_writer)

    def ticket(self, key: str) -> int:
        """Called on the UI thread when an edit is made."""
        self.pending[key] = self.pending.get(key, 0) + 1
        ticket, self._next = self._next, self._next + 1
        return ticket

    def done(self, key: str) -> None:
        """Called on the UI thread when an edit's result arrived."""
        left = self.pending.get(key, 0) - 1
        if left > 0:
            self.pending[key] = left
        else:
            self.pending.pop(key, None)

    def in_flight(self) -> int:
        return sum(self.pending.values())

    def submit(
        self,
        service: TrackerService,
        edit: Edit,
        ticket: int,
        deliver: Callable[[Message], object],
    ) -> None:
        """Store ``edit`` on the queue's thread and ``deliver`` (``post_message``: thread-safe)
        the outcome. Called on the UI thread right after ``ticket``, so the thread receives the
        edits in ticket order."""

        def store() -> None:
            try:
                deliver(self.run(service, edit, ticket))
            except Exception:  # as a failed worker was: logged, the app goes on
                log.exception("storing %s of %s failed", edit.label, edit.key)

        self._thread.submit(store)

    def run(self, service: TrackerService, edit: Edit, ticket: int) -> Message:
        """Store ``edit`` when its turn comes (in a worker thread); the message says how it went."""
        with self._cond:
            self._cond.wait_for(lambda: self._turn == ticket)
        try:
            return self._store(service, edit)
        finally:
            with self._cond:
                self._turn += 1
                self._cond.notify_all()

    def _store(self, service: TrackerService, edit: Edit) -> Message:
        expected = edit.base.row_version
        if not edit.chained:
            self._refused.discard(edit.key)
        elif edit.key in self._refused:
            return self._conflict(service, edit, quiet=True)
        produced = self._produced.get(edit.key)
        if edit.chained and produced is not None and produced[0] <= expected:
            expected = produced[1]
        try:
            saved = edit.write(service, expected)
        except ConflictError:
            self._refused.add(edit.key)
            return self._conflict(service, edit)
        except TrackerError as exc:
            self._refused.add(edit.key)
            return EditFailed(edit, exc)
        self._produced[edit.key] = (edit.base.row_version, saved.row_version)
        return EditSaved(edit, saved)

    @staticmethod
    def _conflict(service: TrackerService, edit: Edit, *, quiet: bool = False) -> Message:
        try:
            theirs = edit.reread(service)
            events = edit.history(service)
        except TrackerError as exc:
            return EditFailed(edit, exc)
        return EditConflict(edit, theirs, last_change(events, edit.fields), quiet=quiet)


def last_change(events: Sequence[AuditEvent], fields: Sequence[str]) -> AuditEvent | None:
    """The newest event touching one of ``fields`` (any event when none of them matches)."""
    for event in reversed(events):
        if not fields or event.action in fields:
            return event
    return events[-1] if events else None


def ago(then: datetime, now: datetime) -> str:
    """``20 s ago``, ``3 min ago``, ``2 h ago``, ``4 d ago``."""
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 60:
        return f"{seconds} s ago"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def who_did(last: AuditEvent | None, theirs_text: str, label: str, now: datetime) -> Content:
    """``ana set the status to *blocked* 20 s ago`` (their value in italics, never markup)."""
    who = last.actor if last is not None else "Someone"
    when = ago(last.at, now) if last is not None else "since you began"
    return Content.assemble(
        (who, "bold"), f" set the {label} to ", (theirs_text or "—", "italic"), f" {when}."
    )


FIELDS: dict[str, tuple[str, ...]] = {
    "status": ("status", "na_reason"),
    "owner": ("owner",),
    "notes": ("notes",),
    "due date": ("due_date",),
    "evidence": ("evidence.add", "evidence.remove"),
}
"""The audit actions of each edited field, by the edit's label."""


def field_text(label: str, target: ReleaseItem | TaskOccurrence) -> str:
    """The stored value of the field an edit touches, as the conflict dialog shows it."""
    if label == "status":
        if isinstance(target, ReleaseItem) and target.status is ItemStatus.NA:
            reason = target.na_reason.value if target.na_reason else "?"
            return f"N/A ({reason}: {target.na_note or ''})"
        status = target.status
        return STATUS_LABEL[status] if isinstance(status, ItemStatus) else status.value
    if label == "owner":
        return f"@{target.owner}" if target.owner else "nobody"
    if label == "notes":
        return target.notes or ""
    if label == "due date":
        return target.due_date.isoformat() if target.due_date else "none"
    return "\n".join(f"{e.title} <{e.url}>" for e in target.evidence) or "no links"
