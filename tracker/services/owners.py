"""The owner registry: list and add owners, change an owner's details, rename a handle (history
stays readable), and find an owner by handle for the other services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import or_, select, union

from tracker.db import queries, schema
from tracker.domain import validation
from tracker.domain.enums import OwnerKind
from tracker.domain.models import Owner
from tracker.domain.names import suggest
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.base import ServiceContext

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import OwnerRow

RENAME_ACTION = "owner.rename"
"""Audit action recorded in every release that knows the old handle (old -> new value)."""


def _owner(row: OwnerRow) -> Owner:
    return Owner(
        handle=row.handle,
        name=row.name,
        email=row.email,
        team=row.team,
        kind=OwnerKind(row.kind),
    )


def owner_id_by_handle(session: Session, handle: str) -> int:
    """The id of the owner with this handle (any case, "@" optional); unknown: NotFoundError."""
    from tracker.db.tables import OwnerRow

    clean = handle.strip().removeprefix("@")
    rows = list(session.execute(select(OwnerRow)).scalars())
    for row in rows:
        if row.handle.casefold() == clean.casefold():
            assert row.id is not None
            owner_id: int = row.id
            return owner_id
    raise NotFoundError("owner", clean, suggest(clean, [r.handle for r in rows]))


def handle_of_owner(session: Session, owner_id: int | None) -> str | None:
    from tracker.db.tables import OwnerRow

    if owner_id is None:
        return None
    row = session.get(OwnerRow, owner_id)
    return row.handle if row else None


class OwnerService:
    """The owner registry."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def list_owners(self) -> list[Owner]:
        with self.ctx.read() as conn:
            return queries.owners(conn)

    def add_owner(
        self,
        handle: str,
        name: str | None = None,
        *,
        email: str | None = None,
        team: str | None = None,
        kind: OwnerKind = OwnerKind.PERSON,
    ) -> Owner:
        from tracker.db.tables import OwnerRow

        handle = validation.handle(handle)
        mail = validation.email(email)
        display = validation.one_line(name, "an owner name", validation.MAX_OWNER_NAME) or handle
        team = validation.one_line(team, "a team", validation.MAX_TEAM)
        with self.ctx.read() as conn:
            if any(o.handle.casefold() == handle.casefold() for o in queries.owners(conn)):
                raise ConflictError(f"owner @{handle} already exists")
        with self.ctx.write() as session:
            session.add(
                OwnerRow(
                    handle=handle,
                    name=display,
                    email=mail,
                    team=team,
                    kind=kind.value,
                    created_at=self.ctx.now(),
                )
            )
        return Owner(handle=handle, name=display, email=mail, team=team, kind=kind)

    def edit_owner(
        self,
        handle: str,
        *,
        name: str | None = None,
        email: str | None = None,
        team: str | None = None,
        kind: OwnerKind | None = None,
    ) -> Owner:
        """Change an owner's details; None leaves a field alone, "" clears e-mail and team."""
        if name is None and email is None and team is None and kind is None:
            raise ValidationError("nothing to change: give --name, --email, --team or --kind")
        display = ""
        if name is not None:
            display = validation.one_line(name, "an owner name", validation.MAX_OWNER_NAME) or ""
            if not display:
                raise ValidationError("an owner name can't be empty")
        mail = validation.email(email) if email is not None else None
        team_name = validation.one_line(team, "a team", validation.MAX_TEAM) if team else None
        with self.ctx.write() as session:
            row = self._owner_row(session, handle)
            if name is not None:
                row.name = display
            if email is not None:
                row.email = mail
            if team is not None:
                row.team = team_name
            if kind is not None:
                row.kind = kind.value
            return _owner(row)

    def rename_owner(self, old: str, new: str) -> Owner:
        """Give an owner a new handle. Assignments follow (they point at the owner, not the
        handle); past audit events keep the handle they were written with, and every release
        that knew the old handle records the rename, so its history reads "@old (renamed to
        @new)"."""
        handle = validation.handle(new)
        with self.ctx.write() as session:
            row = self._owner_row(session, old)
            if handle == row.handle:
                raise ValidationError(f"@{row.handle} already has that handle")
            taken = session.execute(
                select(schema.owner.c.handle).where(schema.owner.c.id != row.id)
            ).scalars()
            if any(h.casefold() == handle.casefold() for h in taken):
                raise ConflictError(f"owner @{handle} already exists")
            previous = row.handle
            change_id = self.ctx.new_change_id()
            for release_id in self._releases_knowing(session, row.id, previous):
                self.ctx.audit(
                    session, release_id, change_id, RENAME_ACTION, old=previous, new=handle
                )
            row.handle = handle
            return _owner(row)

    def _owner_row(self, session: Session, handle: str) -> OwnerRow:
        from tracker.db.tables import OwnerRow

        clean = handle.strip().removeprefix("@")
        rows: list[OwnerRow] = list(session.execute(select(OwnerRow).with_for_update()).scalars())
        for row in rows:
            if row.handle.casefold() == clean.casefold():
                return row
        raise NotFoundError("owner", clean, suggest(clean, [r.handle for r in rows]))

    @staticmethod
    def _releases_knowing(session: Session, owner_id: int | None, handle: str) -> list[int]:
        """Releases where the owner is assigned now or was named in an owner event."""
        item, task, occ, audit = (
            schema.release_item,
            schema.release_task,
            schema.task_occurrence,
            schema.audit_event,
        )
        query = union(
            select(item.c.release_id).where(item.c.owner_id == owner_id),
            select(task.c.release_id).where(task.c.owner_id == owner_id),
            select(task.c.release_id)
            .select_from(occ.join(task, task.c.id == occ.c.release_task_id))
            .where(occ.c.owner_id == owner_id),
            select(audit.c.release_id).where(
                audit.c.action.in_(("owner", RENAME_ACTION)),
                or_(audit.c.old_value == handle, audit.c.new_value == handle),
            ),
        )
        return sorted(int(r) for r in session.execute(query).scalars())
