"""One verification run: the checks run (``tracker.checks.runner``), their results as rows to
store, and the report. Imported when a run starts, not at start-up.

The workspace is reached only through ``tracker.databricks`` (built lazily, when a check needs
it); ``databricks.sdk`` is never imported here.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.domain.models import CheckResult, Release
from tracker.domain.verification import CheckArrived, CheckFinding
from tracker.errors import ValidationError
from tracker.services.base import ServiceContext
from tracker.services.verify_reports import VerifiedItem, VerifyReport

if TYPE_CHECKING:
    from tracker.checks.model import CheckContext
    from tracker.checks.runner import CheckRun, CheckTarget

log = logging.getLogger(__name__)

ClientFactory = Callable[[str | None], Any]  # profile -> WorkspaceClient
MAX_FACTS_CHARS = 20_000


def _default_client_factory(profile: str | None) -> Any:
    from tracker.databricks import ClientOptions, make_client

    return make_client(ClientOptions(profile=profile))


def evidence_url_ok(url: str) -> bool:
    from tracker.domain import validation

    try:
        validation.evidence_url(url)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class CheckRuns:
    """One verification run of a release: its checks' results, id, timing and profile."""

    ctx: ServiceContext
    release: Release
    profile: str | None
    started: datetime
    runs: list[CheckRun]
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @classmethod
    def execute(
        cls,
        ctx: ServiceContext,
        release: Release,
        targets: list[CheckTarget],
        *,
        profile: str | None,
        parallel: int,
        client_factory: ClientFactory | None,
        on_start: Callable[[int], None] | None,
        on_result: Callable[[CheckArrived], None] | None,
    ) -> CheckRuns:
        """Run the checks with ``profile``, else the release's remembered one, else the SDK's
        default credentials."""
        from tracker.checks.runner import run_checks

        use_profile = profile or release.profile
        context_factory_ = context_factory(
            client_factory, use_profile, release.variables.get("cloud")
        )
        if on_start is not None:
            on_start(len(targets))
        started = ctx.now()
        arrived = None if on_result is None else arrived_to(on_result)
        runs = run_checks(
            targets, context_factory_, parallel=parallel, on_result=arrived, now=ctx.now
        )
        return cls(ctx, release, use_profile, started, runs)

    def result_row(
        self, run: CheckRun, *, scheduled: bool, occurrence_id: int | None = None
    ) -> Any:
        """The ``CheckResultRow`` to store for one check's result."""
        from tracker.db.tables import CheckResultRow

        res = run.result
        return CheckResultRow(
            release_id=self.release.id,
            item_key=run.item_key,
            occurrence_id=occurrence_id,
            check_id=run.check_id,
            outcome=res.outcome.value,
            message=res.message,
            link=res.link,
            facts_json=facts_json(res.facts),
            duration_ms=run.duration_ms,
            run_id=self.run_id,
            actor=self.ctx.actor,
            started_at=run.started_at,
            scheduled=scheduled,
        )

    def report(self, stored: Sequence[VerifiedItem], *, scheduled: bool) -> VerifyReport:
        duration_ms = int((self.ctx.now() - self.started).total_seconds() * 1000)
        log.info(
            "verified %d check(s) of %s in %d ms (run %s)",
            len(self.runs),
            self.release.name,
            duration_ms,
            self.run_id,
        )
        return VerifyReport(
            release=self.release.name,
            run_id=self.run_id,
            started_at=self.started,
            duration_ms=duration_ms,
            profile=self.profile,
            scheduled=scheduled,
            items=tuple(stored),
        )


def facts_json(facts: dict[str, Any]) -> str:
    text = json.dumps(facts, default=str, sort_keys=True)
    if len(text) > MAX_FACTS_CHARS:
        text = json.dumps({"truncated": True, "keys": sorted(facts)}, sort_keys=True)
    return text


def context_factory(
    client_factory: ClientFactory | None, profile: str | None, cloud: str | None
) -> Callable[[], CheckContext]:
    """Builds the run context (and its WorkspaceClient) only when a check needs it."""
    factory = client_factory or _default_client_factory

    def build() -> CheckContext:
        from tracker.checks.context import RunContext

        return RunContext.for_client(factory(profile), cloud_override=cloud)

    return build


def verified(
    run: CheckRun, row: Any, key: str, text: str, group_key: str, actor: str, ticked: bool
) -> VerifiedItem:
    """The read model of one stored result (``row`` is a flushed ``CheckResultRow``)."""
    assert row.id is not None
    return VerifiedItem(
        item_key=key,
        item_text=text,
        group_key=group_key,
        check_title=run.title,
        ticked=ticked,
        result=CheckResult(
            id=row.id,
            item_key=row.item_key,
            check_id=run.check_id,
            outcome=run.result.outcome,
            message=run.result.message,
            started_at=run.started_at,
            actor=actor,
            duration_ms=run.duration_ms,
            link=run.result.link,
            facts=json.loads(row.facts_json),
            run_id=row.run_id,
            scheduled=row.scheduled,
        ),
    )


def arrived_to(on_result: Callable[[CheckArrived], None]) -> Callable[[CheckRun], None]:
    """The runner's callback: each check's run passed on as the domain's ``CheckArrived``."""

    def arrived(run: CheckRun) -> None:
        res = run.result
        on_result(
            CheckArrived(
                item_key=run.item_key,
                check_id=run.check_id,
                title=run.title,
                result=CheckFinding(res.outcome, res.message, res.link, dict(res.facts)),
                started_at=run.started_at,
                duration_ms=run.duration_ms,
            )
        )

    return arrived
