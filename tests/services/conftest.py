"""Service fixtures: a seeded database (owners ``ana`` and ``platform``, release ``r1`` of the
shipped template) on SQLite and on PostgreSQL, and a ``TrackerService`` over it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FROZEN_NOW
from tests.services.dbutil import ACTOR, DatabaseFactory, shipped_template
from tracker.domain.clock import Clock, FixedClock
from tracker.domain.template import Template
from tracker.services.tracker import TrackerService

ServiceFactory = Callable[..., TrackerService]


@pytest.fixture(scope="session")
def shipped() -> Template:
    return shipped_template()


@pytest.fixture(scope="session")
def databases(
    tmp_path_factory: pytest.TempPathFactory, shipped: Template
) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("masters"), shipped, FixedClock(FROZEN_NOW))
    yield factory
    factory.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def seeded_url(backend: str, databases: DatabaseFactory, tmp_path: Path) -> str:
    """A copy of the seeded database on the test's backend."""
    return databases.get(backend, "seeded", tmp_path)


@pytest.fixture
def make_svc(seeded_url: str, clock: FixedClock) -> Iterator[ServiceFactory]:
    """``make_svc(actor="ana", clock=...)``: more services over the same database."""
    opened: list[TrackerService] = []

    def make(actor: str = ACTOR, clock_: Clock | None = None) -> TrackerService:
        svc: TrackerService = TrackerService.open(seeded_url, actor, clock_ or clock)
        opened.append(svc)
        return svc

    yield make
    for svc in opened:
        svc.close()


@pytest.fixture
def svc(make_svc: ServiceFactory) -> TrackerService:
    return make_svc()
