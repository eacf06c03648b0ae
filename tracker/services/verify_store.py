"""Storing a verification run: one result row and one audit event per check; a PASS adds the
evidence link it names and, with ``tick``, closes its item or task occurrence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.domain.models import Release, ReleaseItem, TaskOccurrence
from tracker.services.base import ServiceContext
from tracker.services.verify_reports import VerifiedItem
from tracker.services.verify_runs import CheckRuns, evidence_url_ok, verified

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.checks.runner import CheckRun
    from tracker.db.tables import ReleaseItemRow


class VerifyStore:
    """Writes one run's results in one transaction, as the acting user's verifier."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def item_results(
        self,
        rel: Release,
        items: list[ReleaseItem],
        runs: CheckRuns,
        *,
        tick: bool,
        scheduled: bool,
    ) -> list[VerifiedItem]:
        from sqlmodel import col

        from tracker.db.tables import ReleaseItemRow

        by_key = {i.key: i for i in items}
        verifier = f"{self.ctx.actor} (verifier)"
        change_id = self.ctx.new_change_id()
        pending: list[tuple[CheckRun, ReleaseItem, Any, bool]] = []
        with self.ctx.write() as session:
            # One query for the item rows, one flush for the results: a release has ~80 checks.
            item_rows = {
                r.item_key: r
                for r in session.execute(
                    select(ReleaseItemRow).where(col(ReleaseItemRow.release_id) == rel.id)
                ).scalars()
            }
            for run in runs.runs:
                item = by_key[run.item_key]
                row = runs.result_row(run, scheduled=scheduled)
                session.add(row)
                previous = item.latest_check.outcome.value if item.latest_check else None
                self.ctx.audit(
                    session,
                    rel.id,
                    change_id,
                    "verify",
                    item_key=item.key,
                    old=previous,
                    new=run.result.outcome.value,
                    actor=verifier,
                )
                ticked = self._apply_result(
                    session, rel.id, change_id, run, item, item_rows[item.key], tick=tick
                )
                pending.append((run, item, row, ticked))
            session.flush()
            return [
                verified(run, row, item.key, item.text, item.group_key, self.ctx.actor, ticked)
                for run, item, row, ticked in pending
            ]

    def _apply_result(
        self,
        session: Session,
        release_id: int,
        change_id: str,
        run: CheckRun,
        item: ReleaseItem,
        item_row: ReleaseItemRow,
        *,
        tick: bool,
    ) -> bool:
        """What a PASS changes on its item: the evidence link it names and, with ``tick``, the
        status done (each audited). Whether the item was ticked."""
        verifier = f"{self.ctx.actor} (verifier)"
        res = run.result
        changed = self._attach_evidence(session, release_id, change_id, run, item, item_row)
        ticked = (
            tick and res.outcome is CheckOutcome.PASS and not ItemStatus(item_row.status).is_closed
        )
        if ticked:
            self.ctx.audit(
                session,
                release_id,
                change_id,
                "status",
                item_key=item.key,
                old=item_row.status,
                new=ItemStatus.DONE.value,
                actor=verifier,
            )
            item_row.status = ItemStatus.DONE.value
            changed = True
        if changed:
            item_row.row_version += 1
            item_row.updated_at = self.ctx.now()
            item_row.updated_by = verifier
        return ticked

    def _attach_evidence(
        self,
        session: Session,
        release_id: int,
        change_id: str,
        run: CheckRun,
        item: ReleaseItem,
        item_row: ReleaseItemRow,
    ) -> bool:
        """A PASS's link as evidence on the item (once ever); whether one was added."""

        res = run.result
        if not (
            res.outcome is CheckOutcome.PASS  # evidence says what happened: only a PASS
            and res.link
            and evidence_url_ok(res.link)
            and not any(e.url == res.link for e in item.evidence)  # one copy, ever
        ):
            return False
        verifier = f"{self.ctx.actor} (verifier)"
        ev = self.ctx.add_evidence(
            session,
            res.link,
            f"Check passed: {run.title}"[:300],
            release_item_id=item_row.id,
            added_by=verifier,
        )
        self.ctx.audit(
            session,
            release_id,
            change_id,
            "evidence.add",
            item_key=item.key,
            new=self.ctx.evidence_json(ev),
            actor=verifier,
        )
        return True

    def task_results(
        self,
        rel: Release,
        due: dict[str, TaskOccurrence],
        runs: CheckRuns,
        *,
        tick: bool,
        scheduled: bool,
    ) -> list[VerifiedItem]:

        verifier = f"{self.ctx.actor} (verifier)"
        change_id = self.ctx.new_change_id()
        with self.ctx.write() as session:
            rows = []
            for run in runs.runs:
                occ = due[run.item_key]
                row = runs.result_row(run, occurrence_id=occ.id, scheduled=scheduled)
                session.add(row)
                self.ctx.audit(
                    session,
                    rel.id,
                    change_id,
                    "verify",
                    item_key=occ.task_key,
                    occurrence_id=occ.id,
                    new=run.result.outcome.value,
                    actor=verifier,
                )
                ticked = (
                    tick
                    and run.result.outcome is CheckOutcome.PASS
                    and self._tick_occurrence(session, rel.id, change_id, occ, verifier)
                )
                rows.append((run, occ, row, ticked))
            session.flush()
            return [
                verified(run, row, occ.key, occ.text, occ.phase_key, self.ctx.actor, ticked)
                for run, occ, row, ticked in rows
            ]

    def _tick_occurrence(
        self, session: Session, release_id: int, change_id: str, occ: TaskOccurrence, by: str
    ) -> bool:
        """Mark an occurrence whose check PASSED done, if it is still to do."""
        from tracker.db.tables import TaskOccurrenceRow

        occ_row = session.get(TaskOccurrenceRow, occ.id)
        if occ_row is None or occ_row.status != "todo":
            return False
        occ_row.status = "done"
        occ_row.completed_by, occ_row.completed_at = by, self.ctx.now()
        occ_row.row_version += 1
        self.ctx.audit(
            session,
            release_id,
            change_id,
            "status",
            item_key=occ.task_key,
            occurrence_id=occ.id,
            old="todo",
            new="done",
            actor=by,
        )
        return True
