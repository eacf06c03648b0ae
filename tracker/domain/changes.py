"""What a user asks to change on an item: a typed value the CLI and the TUI build and the
item service applies (see ``tracker.domain.item_rules``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.domain.enums import ItemStatus, NaReason


class Unset:
    """The type of ``UNSET``: a field the change leaves alone (``None`` means "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset()


@dataclass(frozen=True, slots=True)
class ItemChange:
    """What to change on an item; fields left UNSET are untouched."""

    status: ItemStatus | Unset = UNSET
    na_reason: NaReason | Unset = UNSET
    na_note: str | Unset = UNSET
    owner: str | Unset | None = UNSET  # handle, or None to unassign
    due_date: date | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    add_evidence: tuple[tuple[str, str | None], ...] = ()  # (url, title)
    remove_evidence: tuple[int, ...] = ()
