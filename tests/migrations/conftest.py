"""Migration tests start from truly empty databases (the root ``db_url`` fixture)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.services.dbutil import PG_URL_PREFIX, pg_create, pg_drop, require_pg


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL database, like the root fixture, but created with the faster
    FILE_COPY strategy (``db_url`` picks this one up for the tests here)."""
    require_pg()
    name = pg_create()
    try:
        yield PG_URL_PREFIX + name
    finally:
        pg_drop(name)
