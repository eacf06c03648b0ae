"""Release names and owner handles are unique ignoring case: a unique index on ``lower(name)``
and on ``lower(handle)`` (issue 15, "REL created next to rel").

The services refuse such a clash before writing; the indexes hold when two writers race past
that check. A database made before this revision may already hold ``REL`` next to ``rel``: the
oldest keeps its name, each later one gets the first free ``NAME-2``, ``NAME-3``, ... and the
rename is recorded in its history (actor ``tracker db upgrade``), so no row is lost and nothing
is renamed silently. Owner handles (refused case-insensitively since the first version, so only a
race could have doubled one) are renamed the same way, recorded in every release that assigns
the owner.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTOR = "tracker db upgrade"
_TABLES = (("release", "name", 200), ("owner", "handle", 64))


def _free_name(name: str, taken: set[str], width: int) -> str:
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = name[: width - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
        n += 1


def _audit(conn: sa.Connection, release_id: int, action: str, old: str, new: str) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO audit_event (release_id, change_id, at, actor, action, old_value, "
            "new_value) VALUES (:release_id, :change_id, :at, :actor, :action, :old, :new)"
        ),
        {
            "release_id": release_id,
            "change_id": uuid.uuid4().hex,
            "at": datetime.now(UTC).replace(tzinfo=None),
            "actor": ACTOR,
            "action": action,
            "old": old,
            "new": new,
        },
    )


def _owner_releases(conn: sa.Connection, owner_id: int) -> list[int]:
    rows = conn.execute(
        sa.text(
            "SELECT release_id FROM release_item WHERE owner_id = :id "
            "UNION SELECT release_id FROM release_task WHERE owner_id = :id "
            "UNION SELECT t.release_id FROM task_occurrence o "
            "JOIN release_task t ON t.id = o.release_task_id WHERE o.owner_id = :id"
        ),
        {"id": owner_id},
    )
    return sorted(int(r[0]) for r in rows)


def _rename_clashes(conn: sa.Connection, table: str, column: str, width: int) -> None:
    """Give every later row of a name that clashes ignoring case (as the database's lower()
    sees it) the first free ``-N`` name, and record it."""
    rows = conn.execute(
        sa.text(
            f"SELECT id, {column}, lower({column}) FROM {table} WHERE lower({column}) IN "
            f"(SELECT lower({column}) FROM {table} GROUP BY lower({column}) "
            "HAVING count(*) > 1) ORDER BY id"
        )
    ).all()
    if not rows:
        return
    taken = {str(r[0]) for r in conn.execute(sa.text(f"SELECT lower({column}) FROM {table}"))}
    kept: set[str] = set()
    for row_id, name, folded in rows:
        if folded not in kept:
            kept.add(folded)  # the oldest keeps its name
            continue
        new = _free_name(name, taken, width)
        taken.add(new.lower())
        conn.execute(
            sa.text(f"UPDATE {table} SET {column} = :new WHERE id = :id"),
            {"new": new, "id": row_id},
        )
        if table == "release":
            _audit(conn, row_id, "release.rename", name, new)
        else:
            for release_id in _owner_releases(conn, row_id):
                _audit(conn, release_id, "owner.rename", name, new)


def upgrade() -> None:
    conn = op.get_bind()
    for table, column, width in _TABLES:
        _rename_clashes(conn, table, column, width)
        op.create_index(
            f"uq_{table}_{column}_lower",
            table,
            [sa.text(f"lower({column})")],
            unique=True,
        )


def downgrade() -> None:
    for table, column, _ in _TABLES:
        op.drop_index(f"uq_{table}_{column}_lower", table_name=table)
