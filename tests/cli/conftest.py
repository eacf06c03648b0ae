"""CLI fixtures: a seeded SQLite database (owners ``ana`` and ``platform``, release ``r1``) and a
runner that invokes ``tracker.cli.cli`` in-process against it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import FROZEN_NOW
from tests.services.dbutil import (
    PG_URL_PREFIX,
    DatabaseFactory,
    pg_create,
    pg_drop,
    require_pg,
    shipped_template,
)
from tracker.cli import cli
from tracker.domain.clock import FixedClock

ERROR_PREFIX = "tracker: error: "


@pytest.fixture(scope="session")
def cli_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(
        tmp_path_factory.mktemp("cli-masters"), shipped_template(), FixedClock(FROZEN_NOW)
    )
    yield factory
    factory.close()


@dataclass
class Tracker:
    """``tracker --db URL ...`` in-process."""

    db: str

    def __call__(
        self, *args: str, env: Mapping[str, str | None] | None = None, db: bool = True
    ) -> Result:
        argv: Sequence[str] = ["--db", self.db, *args] if db else list(args)
        return CliRunner().invoke(cli, argv, env=env, prog_name="tracker")

    def ok(self, *args: str, env: Mapping[str, str | None] | None = None) -> str:
        """Run a command that must succeed; returns its stdout."""
        result = self(*args, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == 0, f"exit {result.exit_code}: {result.stderr}"
        return result.stdout

    def fail(self, *args: str, code: int = 2, env: Mapping[str, str | None] | None = None) -> str:
        """Run a command that must fail with one error line; returns the message after the prefix."""
        result = self(*args, env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == code, f"exit {result.exit_code}: {result.stdout}{result.stderr}"
        assert result.stdout == ""
        assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(ERROR_PREFIX), result.stderr
        return result.stderr.removeprefix(ERROR_PREFIX).rstrip("\n")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database (faster FILE_COPY strategy than the root fixture)."""
    require_pg()
    name = pg_create()
    try:
        yield PG_URL_PREFIX + name
    finally:
        pg_drop(name)


@pytest.fixture
def seeded_db(cli_databases: DatabaseFactory, tmp_path: Path) -> str:
    return cli_databases.sqlite("seeded", tmp_path / "seeded.db")


@pytest.fixture
def tracker(seeded_db: str) -> Tracker:
    return Tracker(seeded_db)


@pytest.fixture
def empty_tracker(tmp_path: Path) -> Tracker:
    """A database that does not exist yet: the first command creates and migrates it."""
    return Tracker(f"sqlite:///{tmp_path / 'new' / 'tracker.db'}")
