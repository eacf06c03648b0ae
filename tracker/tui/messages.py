"""Results that thread workers post back to the screen that started them (one per job).

Workers never touch widgets; the handlers of these messages run on the UI thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from textual.message import Message

from tracker.domain.models import AuditEvent, ReleaseItem, ReleaseView
from tracker.errors import TrackerError


class ReleaseChanged(Message):
    """A change to several items (bulk, undo) was stored: reload the release."""

    def __init__(self, note: str | None = None) -> None:
        super().__init__()
        self.note = note


class ViewLoaded(Message):
    """A fresh read of the release, with the change token read just before it."""

    def __init__(self, view: ReleaseView, token: int) -> None:
        super().__init__()
        self.view = view
        self.token = token


class ItemsLoaded(Message):
    """Fresh reads of the items changed since ``token`` was last seen (a cheap poll)."""

    def __init__(
        self, items: Sequence[ReleaseItem], token: int, by: Mapping[str, int] | None = None
    ) -> None:
        super().__init__()
        self.items = items
        self.token = token
        self.by = dict(by or {})
        """Changes per person other than the user (``3 changes by ana``)."""


class HistoryLoaded(Message):
    def __init__(self, key: str, events: Sequence[AuditEvent]) -> None:
        super().__init__()
        self.key = key
        self.events = events


class ExportFinished(Message):
    """An export was written to ``path`` or, without a path, rendered for the clipboard."""

    def __init__(self, text: str, path: Path | None) -> None:
        super().__init__()
        self.text = text
        self.path = path


class JobFailed(Message):
    """A background job other than an item write failed with a user-facing error."""

    def __init__(self, error: TrackerError) -> None:
        super().__init__()
        self.error = error


class ReleaseArchived(Message):
    """A release was archived: the app moves on to another one."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ReleaseCreated(Message):
    """A release was created from a template: the app opens it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name


class ServiceOpened(Message):
    """The database is open (or failed to open) after a start from a snapshot."""


class ReleaseRead(Message):
    """A release was read to be opened (in a worker): the app shows it."""

    def __init__(self, view: ReleaseView, token: int) -> None:
        super().__init__()
        self.view = view
        self.token = token


class NoRelease(Message):
    """No release is left to open (the last one was archived): the first-run form."""


DetailRedraw = Literal["item", "node", "always"]


class ItemsChanged(Message):
    """Item states for the release screen to draw: stored, or shown before they are (an edit
    shown at once, a check result as it arrives). The sender has already put them in the
    screen's ``ReleaseState`` (what the screen holds is never behind what a worker reported);
    the screen draws the items' states as held when the message arrives. ``detail`` says when the detail pane is
    redrawn too: ``item`` when it shows one of them, ``node`` also when it shows a group or
    category (their counts), ``always`` (the item's result history is read again)."""

    def __init__(self, items: Sequence[ReleaseItem], *, detail: DetailRedraw = "item") -> None:
        super().__init__()
        self.items = list(items)
        self.detail = detail


class RunningChanged(Message):
    """The items whose checks are running now (the tree and the detail pane mark them)."""

    def __init__(self, keys: frozenset[str], *, redraw_detail: bool = False) -> None:
        super().__init__()
        self.keys = keys
        self.redraw_detail = redraw_detail
        """Redraw the detail pane now (else it shows the change with the item's result)."""
