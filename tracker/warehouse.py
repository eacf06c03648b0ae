"""Run statements on a SQL warehouse through the Statement Execution API (``tracker publish``).

Every value is bound as a typed parameter (``StatementParameterListItem``); statement text comes
from ``tracker.domain.publish`` and holds only validated identifiers. A failure is one line.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tracker.domain.publish import Statement, parameter_text
from tracker.errors import TrackerError

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

log = logging.getLogger(__name__)

STATEMENT_WAIT = "30s"
POLL_START_S, POLL_MAX_S = 0.5, 5.0
STATEMENT_DEADLINE_S = 600


class WarehouseError(TrackerError):
    """A statement could not run (no such warehouse, no permission, SQL error, timeout)."""


def run_statements(
    client: WorkspaceClient,
    warehouse_id: str,
    statements: Sequence[Statement],
    on_done: Callable[[int], None] | None = None,
) -> int:
    """Run ``statements`` in order, each to completion; returns how many ran."""
    for number, statement in enumerate(statements, start=1):
        _run_one(client, warehouse_id, statement)
        if on_done is not None:
            on_done(number)
    return len(statements)


def _run_one(client: WorkspaceClient, warehouse_id: str, statement: Statement) -> None:
    from databricks.sdk.errors.base import DatabricksError
    from databricks.sdk.service.sql import (
        ExecuteStatementRequestOnWaitTimeout,
        StatementParameterListItem,
        StatementState,
    )

    from tracker.databricks import scrub

    api = client.statement_execution
    params = [
        StatementParameterListItem(name=name, value=parameter_text(value), type=sql_type)
        for name, value, sql_type in statement.parameters
    ]
    try:
        resp = api.execute_statement(
            statement=statement.text,
            warehouse_id=warehouse_id,
            parameters=params or None,
            wait_timeout=STATEMENT_WAIT,
            on_wait_timeout=ExecuteStatementRequestOnWaitTimeout.CONTINUE,
        )
        deadline, pause = time.monotonic() + STATEMENT_DEADLINE_S, POLL_START_S
        running = (StatementState.PENDING, StatementState.RUNNING)
        while resp.status is not None and resp.status.state in running:
            if time.monotonic() > deadline:
                if resp.statement_id:
                    api.cancel_execution(resp.statement_id)
                raise WarehouseError(
                    f"a statement ran longer than {STATEMENT_DEADLINE_S} s; cancelled"
                )
            time.sleep(pause)
            pause = min(POLL_MAX_S, pause * 2)
            assert resp.statement_id is not None
            resp = api.get_statement(resp.statement_id)
    except DatabricksError as exc:
        raise WarehouseError(f"SQL warehouse {warehouse_id}: {scrub(str(exc))}") from None
    state = resp.status.state if resp.status else None
    if state is not StatementState.SUCCEEDED:
        error = resp.status.error if resp.status else None
        detail = scrub(error.message) if error and error.message else "no detail"
        raise WarehouseError(
            f"statement {state.value if state else 'UNKNOWN'} on warehouse {warehouse_id}: {detail}"
        )
    log.debug("statement %s succeeded", resp.statement_id)
