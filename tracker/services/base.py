"""What every area service shares: the engine, the acting user, the clock, transactions, the
audit log, compare-and-set and name resolution (``ServiceContext``)."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from tracker.config import clock_environ
from tracker.db import queries
from tracker.db.engine import write_engine
from tracker.db.migrate import first_line
from tracker.domain.clock import Clock, clock_from_env
from tracker.domain.conflicts import FieldValues, conflict_message, stale_fields
from tracker.domain.models import Release, ReleaseItem
from tracker.domain.names import resolve_by_name, suggest
from tracker.errors import ConflictError, DatabaseError, FieldConflict, NotFoundError

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.db.tables import EvidenceRow

log = logging.getLogger(__name__)

# The unique indexes behind "names ignore case" (migration 0008): a writer that raced past the
# service's own check gets the same kind of answer, not the database's wording.
_UNIQUE_IGNORING_CASE = {
    "uq_release_name_lower": (
        "a release with that name (ignoring case) was just created by someone else; "
        "choose another name"
    ),
    "uq_owner_handle_lower": (
        "an owner with that handle (ignoring case) was just added by someone else; "
        "choose another handle"
    ),
}


def utcnow(clock: Clock) -> datetime:
    """Timestamps are stored as UTC (SQLite keeps no offset; reads treat naive values as UTC)."""
    return clock.now().astimezone(UTC)


class ServiceContext:
    """The engine, the acting user and the clock, handed to every area service. Every public
    method of an area service is one transaction (``read``/``write``)."""

    def __init__(self, engine: Engine, actor: str, clock: Clock | None = None) -> None:
        self.engine = engine
        self.actor = actor
        self.clock: Clock = clock or clock_from_env(clock_environ())
        self._writer = write_engine(engine)

    # --- transactions ---
    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise DatabaseError(f"database error: {first_line(exc)}") from None

    @contextmanager
    def write(self) -> Iterator[Session]:
        from sqlmodel import Session

        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError as exc:
            message = first_line(exc)
            for index, clash in _UNIQUE_IGNORING_CASE.items():
                if index in message:
                    raise ConflictError(clash) from None
            raise ConflictError(f"conflicting change: {message}") from None
        except SQLAlchemyError as exc:
            raise DatabaseError(f"database error: {first_line(exc)}") from None

    def now(self) -> datetime:
        return utcnow(self.clock)

    @staticmethod
    def new_change_id() -> str:
        return uuid.uuid4().hex

    def audit(
        self,
        session: Session,
        release_id: int,
        change_id: str,
        action: str,
        *,
        item_key: str | None = None,
        old: str | None = None,
        new: str | None = None,
        occurrence_id: int | None = None,
        undo_of: str | None = None,
        actor: str | None = None,
    ) -> None:
        """Append one audit event; ``actor`` overrides the acting user (e.g. "ana (verifier)")."""
        from tracker.db.tables import AuditEventRow

        session.add(
            AuditEventRow(
                release_id=release_id,
                change_id=change_id,
                item_key=item_key,
                at=self.now(),
                actor=actor or self.actor,
                action=action,
                old_value=old,
                new_value=new,
                occurrence_id=occurrence_id,
                undo_of=undo_of,
            )
        )

    # --- compare-and-set ---
    def refuse_if_stale(
        self,
        session: Session,
        release_id: int,
        *,
        subject: str,
        item_key: str,
        occurrence_id: int | None,
        fields: Sequence[str],
        current: FieldValues,
        yours: FieldValues,
        seen: FieldValues | None,
        expected_version: int | None,
        row_version: int,
    ) -> None:
        """Raise ``ConflictError`` (theirs next to yours) when a field this edit changes is no
        longer what the editor ``seen``, or the row is not at ``expected_version``. Called on
        the locked row, before anything is written."""
        stale = stale_fields(seen, current, fields) if seen is not None else []
        version_stale = expected_version is not None and expected_version != row_version
        if not stale and not version_stale:
            return
        last = self.last_changes(session, release_id, item_key, occurrence_id)
        if not stale:  # only the version moved: the latest change, then theirs vs yours
            latest = next(iter(last), "")
            stale = [latest] if latest in current and latest not in fields else []
            stale += [f for f in fields if current.get(f) != yours.get(f)]
            stale = stale or list(fields[:1])
        conflicts = [
            FieldConflict(
                field=f,
                theirs=current.get(f),
                yours=yours.get(f),
                seen=seen.get(f) if seen is not None else None,
                by=last.get(f, (None, None))[0],
                at=last.get(f, (None, None))[1],
                edited=f in fields,
            )
            for f in stale
        ]
        version = (
            (expected_version, row_version)
            if version_stale and expected_version is not None
            else None
        )
        raise ConflictError(
            conflict_message(subject, conflicts, self.now(), version=version),
            subject=subject,
            conflicts=conflicts,
            current_version=row_version,
        )

    def last_changes(
        self, session: Session, release_id: int, item_key: str, occurrence_id: int | None
    ) -> Mapping[str, tuple[str, datetime]]:
        """Who last changed each field of an item (or occurrence), and when, from the audit log."""
        from sqlalchemy import select
        from sqlmodel import col

        from tracker.db.tables import AuditEventRow

        where = [
            col(AuditEventRow.release_id) == release_id,
            col(AuditEventRow.item_key) == item_key,
            col(AuditEventRow.occurrence_id) == occurrence_id
            if occurrence_id is not None
            else col(AuditEventRow.occurrence_id).is_(None),
        ]
        rows = session.execute(
            select(col(AuditEventRow.action), col(AuditEventRow.actor), col(AuditEventRow.at))
            .where(*where)
            .order_by(col(AuditEventRow.id).desc())
            .limit(200)
        ).all()
        last: dict[str, tuple[str, datetime]] = {}
        for action, actor, at in rows:
            field = "evidence" if action.startswith("evidence.") else action
            last.setdefault(field, (actor, at))
        return last

    # --- evidence ---
    def add_evidence(
        self,
        session: Session,
        url: str,
        title: str,
        *,
        release_item_id: int | None = None,
        occurrence_id: int | None = None,
        added_by: str | None = None,
    ) -> EvidenceRow:
        """Store one evidence link (on an item or an occurrence) and flush it so it has an id;
        ``url`` and ``title`` are stored as given (validated by the caller)."""
        from tracker.db.tables import EvidenceRow

        ev = EvidenceRow(
            release_item_id=release_item_id,
            occurrence_id=occurrence_id,
            url=url,
            title=title,
            added_by=added_by or self.actor,
            added_at=self.now(),
        )
        session.add(ev)
        session.flush()
        return ev

    @staticmethod
    def evidence_json(ev: EvidenceRow) -> str:
        """An evidence link as audited by "evidence.add"/"evidence.remove" (what undo reads)."""
        return json.dumps({"id": ev.id, "url": ev.url, "title": ev.title})

    # --- resolution ---
    def find_release(self, conn: Connection, name: str) -> Release:
        """A release by exact name, else by an unambiguous case-insensitive fragment."""
        release = queries.release_by_name(conn, name)
        if release is None:
            names = queries.release_names(conn)
            match = resolve_by_name("release", name, names, key=lambda n: n, text=lambda n: n)
            release = queries.release_by_name(conn, match)
            if release is None:  # deleted between the two reads
                raise NotFoundError("release", name, suggest(name, names))
        return release

    def decorate(
        self, conn: Connection, release_id: int, items: Sequence[ReleaseItem]
    ) -> list[ReleaseItem]:
        """Items with their dependencies and waiver state as of the service clock's today."""
        from tracker.db.gonogo_queries import decorate_items

        return decorate_items(conn, release_id, items, self.clock.today())

    def find_item(self, conn: Connection, release_id: int, ref: str) -> ReleaseItem:
        """Exact ids take one indexed query; fragments fall back to scanning the release."""
        exact = queries.items_for_release(conn, release_id, item_keys=[ref.strip()])
        if exact and not exact[0].archived:
            return exact[0]
        return self.pick_item(queries.items_for_release(conn, release_id), ref)

    @staticmethod
    def resolve_scope(items: Sequence[ReleaseItem], scope: str) -> tuple[str, list[ReleaseItem]]:
        """A group or category of ``items`` by key or unambiguous title fragment: its key and
        the items in it."""
        nodes: dict[str, str] = {}
        for i in items:
            nodes.setdefault(i.category_key, i.category_title)
            nodes.setdefault(i.group_key, i.group_title)
        key = resolve_by_name(
            "group or category", scope, list(nodes.items()), key=lambda n: n[0], text=lambda n: n[1]
        )[0]
        return key, [i for i in items if key in (i.group_key, i.category_key)]

    @staticmethod
    def pick_item(items: Sequence[ReleaseItem], ref: str) -> ReleaseItem:
        return resolve_by_name(
            "item",
            ref,
            [i for i in items if not i.archived],
            key=lambda i: i.key,
            text=lambda i: i.text,
        )
