"""``--db lakebase://INSTANCE/DATABASE``: the instance resolved through the SDK (fake workspace),
the connection made to the local PostgreSQL with a generated credential, refreshed on expiry.

Issue 13, "Lakebase team database": resolves through the SDK, short-lived credential, refreshed
before it expires, no password stored, one-line errors (no instance, no permission, stopped)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from tests.services.dbutil import pg_admin, pg_create, pg_drop, require_pg
from tracker.cli import cli
from tracker.fakeworkspace import FakeWorkspace
from tracker.lakebase import parse_lakebase_url

ROLE = "lakebase-tester@example.com"  # the fake's current user: Lakebase roles are identities

pytestmark = pytest.mark.postgres


@pytest.fixture
def lakebase_db() -> Iterator[str]:
    require_pg()
    pg_admin(
        f'DO $$ BEGIN CREATE ROLE "{ROLE}" LOGIN; '
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
    )
    name = pg_create()
    pg_admin(f'ALTER DATABASE "{name}" OWNER TO "{ROLE}"')
    try:
        yield name
    finally:
        pg_drop(name)


def tracker(url: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", url, "--as", "ana", *args], prog_name="tracker")


def url_for(instance: str, database: str) -> str:
    # The local server has no TLS; a real instance keeps the default sslmode=require.
    return f"lakebase://{instance}/{database}?sslmode=disable"


def test_release_round_trip_on_lakebase(workspace: FakeWorkspace, lakebase_db: str) -> None:
    url = url_for("tracker-team", lakebase_db)
    for args in (
        ("db", "upgrade"),
        ("release", "new", "r1", "--template", "databricks-ml-production"),
        ("item", "set", "r1", "uc-production-catalog", "--status", "done"),
    ):
        result = tracker(url, *args)
        assert result.exit_code == 0, result.output
    shown = tracker(url, "db", "current")
    assert "lakebase://tracker-team/" in shown.stdout
    # The data is in the local PostgreSQL database, written by the workspace identity's role.
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={lakebase_db}") as conn:
        owner = conn.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename='release'"
        ).fetchone()
        status = conn.execute(
            "SELECT status FROM release_item WHERE item_key = 'uc-production-catalog'"
        ).fetchone()
    assert owner == (ROLE,)
    assert status == ("done",)
    assert workspace.request_count("/api/2.0/database/instances/tracker-team") >= 1


def test_credential_is_refreshed_before_it_expires(
    workspace: FakeWorkspace, lakebase_db: str
) -> None:
    from sqlalchemy import text

    from tracker.db.engine import make_engine

    workspace.state.credential_ttl_seconds = 1  # "short expiry": any new login needs a new token
    engine = make_engine(url_for("tracker-team", lakebase_db))
    assert engine.url.password is None  # nothing stored
    issued = workspace.state.credentials_issued
    with engine.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar() == ROLE
    engine.dispose()  # the next query logs in again: the first token is past its refresh point
    import time

    time.sleep(0.6)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    assert workspace.state.credentials_issued > issued
    engine.dispose()


def test_long_lived_credential_is_reused(workspace: FakeWorkspace, lakebase_db: str) -> None:
    from sqlalchemy import text

    from tracker.db.engine import make_engine

    engine = make_engine(url_for("tracker-team", lakebase_db))
    issued = workspace.state.credentials_issued
    for _ in range(3):
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    assert workspace.state.credentials_issued == issued


@pytest.mark.parametrize(
    ("instance", "expected"),
    [
        ("nope", "no Lakebase database instance 'nope' in this workspace"),
        ("tracker-stopped", "Lakebase instance 'tracker-stopped' is stopped"),
        ("tracker-starting", "Lakebase instance 'tracker-starting' is STARTING"),
    ],
)
def test_instance_errors_are_one_line(
    workspace: FakeWorkspace, instance: str, expected: str
) -> None:
    result = tracker(url_for(instance, "tracker"), "status", "r1")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tracker: error: " + expected), lines


def test_no_permission_is_one_line(workspace: FakeWorkspace) -> None:
    workspace.set_fault(
        "POST /api/2.0/database/credentials",
        {"status": 403, "error_code": "PERMISSION_DENIED", "message": "User has no CAN_CONNECT"},
    )
    result = tracker(url_for("tracker-team", "tracker"), "status", "r1")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "tracker: error: no permission to use Lakebase instance 'tracker-team': "
        "User has no CAN_CONNECT"
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("lakebase://inst", "expected lakebase://INSTANCE/DATABASE"),
        ("lakebase://u:pw@inst/db", "takes no user or password"),
        ("lakebase://inst/db?sslmode=maybe", "sslmode must be one of"),
        ("lakebase://inst/db?colour=red", "unknown lakebase:// option 'colour'"),
        ("lakebase://inst/db?port=99999", "port must be between"),
    ],
)
def test_bad_lakebase_urls(url: str, message: str) -> None:
    from tracker.errors import ConfigError

    with pytest.raises(ConfigError, match=message.replace("?", r"\?")):
        parse_lakebase_url(url)
