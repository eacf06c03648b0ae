"""What a user asks to change on an item: a typed value the CLI and the TUI build and the
item service applies (see ``tracker.domain.item_rules``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.domain.conflicts import na_value
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
    append_note: str | None = None  # a paragraph added after the notes stored at write time
    add_evidence: tuple[tuple[str, str | None], ...] = ()  # (url, title)
    remove_evidence: tuple[int, ...] = ()

    def fields(self) -> list[str]:
        """The item fields this change sets (what compare-and-set compares); a new status also
        sets the N/A reason (it sets or clears it)."""
        touched = []
        if not isinstance(self.status, Unset):
            touched += ["status", "na_reason"]
        elif not isinstance(self.na_reason, Unset) or not isinstance(self.na_note, Unset):
            touched.append("na_reason")
        if not isinstance(self.owner, Unset):
            touched.append("owner")
        if not isinstance(self.due_date, Unset):
            touched.append("due_date")
        if not isinstance(self.notes, Unset):
            touched.append("notes")
        return touched

    def values(self) -> dict[str, str | None]:
        """What this change would store, as audit-log strings (the "yours" of a conflict)."""
        yours: dict[str, str | None] = {}
        if not isinstance(self.status, Unset):
            yours["status"] = ItemStatus(self.status).value
        if not isinstance(self.na_reason, Unset):
            note = None if isinstance(self.na_note, Unset) else self.na_note
            yours["na_reason"] = na_value(NaReason(self.na_reason).value, note)
        if not isinstance(self.owner, Unset):
            yours["owner"] = self.owner.strip().removeprefix("@") if self.owner else None
        if not isinstance(self.due_date, Unset):
            yours["due_date"] = self.due_date.isoformat() if self.due_date else None
        if not isinstance(self.notes, Unset):
            yours["notes"] = self.notes
        return yours
