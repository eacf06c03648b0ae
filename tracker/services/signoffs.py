"""Sign-off use-cases: roles per release, sign (against the digest of the blocking items'
states), revoke, and the status the gate, go-live, the TUI and exports show."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from tracker.db import audit_queries, gonogo_queries, queries
from tracker.domain.names import suggest
from tracker.domain.signoffs import (
    RoleSignoff,
    Signoff,
    SignoffRole,
    blocking_digest,
)
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.base import ServiceContext

MAX_COMMENT = 2000
ROLE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True, slots=True)
class SignoffStatus:
    """A release's sign-off roles with their state, the current digest and every sign-off."""

    release: str
    digest: str
    roles: tuple[RoleSignoff, ...]
    history: tuple[Signoff, ...] = ()

    @property
    def blockers(self) -> tuple[RoleSignoff, ...]:
        return tuple(r for r in self.roles if not r.ok)


class SignoffService:
    """Go/no-go sign-offs by role."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _signoff_status(self, conn: Connection, release_id: int, name: str) -> SignoffStatus:
        items = self.ctx.decorate(conn, release_id, queries.items_for_release(conn, release_id))
        return SignoffStatus(
            name,
            blocking_digest(items),
            tuple(gonogo_queries.role_status(conn, release_id, items)),
            tuple(gonogo_queries.signoffs(conn, release_id)),
        )

    def signoff_status(self, release: str) -> SignoffStatus:
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            return self._signoff_status(conn, rel.id, rel.name)

    @staticmethod
    def _role(roles: list[SignoffRole], role: str) -> SignoffRole:
        clean = role.strip().casefold()
        for r in roles:
            if r.role == clean:
                return r
        names = [r.role for r in roles]
        if not names:
            raise ValidationError(
                "this release has no sign-off roles; add one with `tracker signoff roles REL --add ROLE`"
            )
        raise NotFoundError("sign-off role", role, suggest(role, names) or names)

    def sign_off(
        self,
        release: str,
        role: str,
        comment: str | None = None,
        *,
        expected_digest: str | None = None,
    ) -> RoleSignoff:
        """Record the acting user's sign-off for ``role`` on the current blocking-item states.

        ``expected_digest`` is the digest the signer was shown: if the blocking items changed
        since, nothing is written (compare-and-set)."""

        from tracker.db.tables import SignoffRow

        text = " ".join((comment or "").split()) or None
        if text and len(text) > MAX_COMMENT:
            raise ValidationError(
                f"the comment is {len(text)} characters; the limit is {MAX_COMMENT}"
            )
        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            wanted = self._role(gonogo_queries.signoff_roles(conn, rel.id), role)
        with self.ctx.write() as session:
            conn = session.connection()
            status = self._signoff_status(conn, rel.id, rel.name)
            if expected_digest is not None and expected_digest != status.digest:
                raise ConflictError(
                    "the blocking items changed since you loaded them; review and sign again"
                )
            session.add(
                SignoffRow(
                    release_id=rel.id,
                    role=wanted.role,
                    signed_by=self.ctx.actor,
                    signed_at=self.ctx.now(),
                    comment=text,
                    digest=status.digest,
                    seen_event_id=audit_queries.last_event_id(conn, rel.id),
                )
            )
            self.ctx.audit(
                session,
                rel.id,
                self.ctx.new_change_id(),
                "signoff",
                new=f"{wanted.role} @ {status.digest[:12]}" + (f": {text}" if text else ""),
            )
        current = self.signoff_status(rel.name)
        return next(r for r in current.roles if r.role.role == wanted.role)

    def revoke_signoff(self, release: str, role: str) -> Signoff:
        """Revoke the role's current sign-off (the newest not revoked)."""
        from sqlmodel import col

        from tracker.db.tables import SignoffRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
            wanted = self._role(gonogo_queries.signoff_roles(conn, rel.id), role)
        with self.ctx.write() as session:
            row = session.execute(
                select(SignoffRow)
                .where(
                    col(SignoffRow.release_id) == rel.id,
                    col(SignoffRow.role) == wanted.role,
                    col(SignoffRow.revoked_at).is_(None),
                )
                .order_by(col(SignoffRow.signed_at).desc(), col(SignoffRow.id).desc())
                .limit(1)
            ).scalar_one_or_none()
            if row is None:
                raise ConflictError(f"role {wanted.role!r} has no sign-off to revoke")
            row.revoked_at, row.revoked_by = self.ctx.now(), self.ctx.actor
            self.ctx.audit(
                session,
                rel.id,
                self.ctx.new_change_id(),
                "signoff.revoke",
                old=f"{row.role} by {row.signed_by}",
            )
            assert row.id is not None
            return Signoff(
                id=row.id,
                role=row.role,
                signed_by=row.signed_by,
                signed_at=row.signed_at,
                digest=row.digest,
                comment=row.comment,
                revoked_at=row.revoked_at,
                revoked_by=row.revoked_by,
                seen_event_id=row.seen_event_id,
            )

    def edit_signoff_roles(
        self,
        release: str,
        *,
        add: tuple[tuple[str, str | None], ...] = (),
        remove: tuple[str, ...] = (),
    ) -> list[SignoffRole]:
        """Add (role, title) pairs and remove roles of one release, in one transaction."""
        import re

        from sqlmodel import col

        from tracker.db.tables import SignoffRoleRow

        with self.ctx.read() as conn:
            rel = self.ctx.find_release(conn, release)
        change = self.ctx.new_change_id()
        with self.ctx.write() as session:
            rows = {
                r.role: r
                for r in session.execute(
                    select(SignoffRoleRow).where(col(SignoffRoleRow.release_id) == rel.id)
                ).scalars()
            }
            position = max((r.position for r in rows.values()), default=-1) + 1
            for role, title in add:
                key = role.strip().casefold()
                if not re.match(ROLE_PATTERN, key) or len(key) > 80:
                    raise ValidationError(
                        f"role {role!r}: use lower-case letters, digits and dashes (e.g. ml-lead)"
                    )
                label = " ".join((title or "").split()) or key
                if len(label) > 200:
                    raise ValidationError("a role title is at most 200 characters")
                row = rows.get(key)
                if row is not None and row.removed_at is None:
                    raise ConflictError(f"role {key!r} is already required")
                if row is None:
                    row = SignoffRoleRow(
                        release_id=rel.id, role=key, title=label, position=position
                    )
                    session.add(row)
                    rows[key] = row
                    position += 1
                else:
                    row.removed_at, row.title = None, label
                self.ctx.audit(session, rel.id, change, "signoff.role.add", new=key)
            for role in remove:
                key = role.strip().casefold()
                row = rows.get(key)
                if row is None or row.removed_at is not None:
                    raise NotFoundError(
                        "sign-off role", role, [r for r in rows if rows[r].removed_at is None]
                    )
                row.removed_at = self.ctx.now()
                self.ctx.audit(session, rel.id, change, "signoff.role.remove", old=key)
        with self.ctx.read() as conn:
            return gonogo_queries.signoff_roles(conn, rel.id)
