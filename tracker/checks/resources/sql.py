"""SQL through the Statement Execution API: bound parameters, polling, every result chunk."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.checks.model import CheckContext

STATEMENT_WAIT = "30s"  # execute_statement blocks up to this long before returning PENDING


STATEMENT_POLL_S = 1.0


STATEMENT_MAX_WAIT_S = 300.0  # a stopped warehouse may take minutes to start


@dataclass(frozen=True, slots=True)
class StatementOutcome:
    """A statement's final state. A FAILED statement is not an exception: ``error`` says why."""

    state: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    error: str | None = None
    statement_id: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.state == "SUCCEEDED"

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts keyed by lower-case column name."""
        columns = [c.lower() for c in self.columns]
        return [dict(zip(columns, row, strict=False)) for row in self.rows]

    def failure(self, what: str) -> str:
        """The message of the ERROR a check returns when the statement did not succeed:
        ``"<what> did not succeed (<state>): <error>"``."""
        return f"{what} did not succeed ({self.state}): {self.error or 'no error message'}"

    def scalar_int(self, *, empty: int | None = 0) -> int:
        """The first cell as an integer (a count), ``empty`` when there is no row (``empty=None``:
        ``ValueError``). ``ValueError`` / ``TypeError`` when the cell is not a number."""
        if not self.rows or not self.rows[0]:
            if empty is None:
                raise ValueError("the statement returned no row")
            return empty
        return int(float(self.rows[0][0]))


MAX_RESULT_CHUNKS = 1000  # a bound on a result's pages (the API caps a result at 100 MiB)


def _all_rows(ctx: CheckContext, resp: Any) -> list[list[Any]]:
    """Every row of a finished statement: the first chunk comes with the answer, the others are
    read while ``next_chunk_index`` says there are more (large results arrive in chunks)."""
    result = resp.result
    rows: list[list[Any]] = []
    for _ in range(MAX_RESULT_CHUNKS):
        if result is None:
            break
        rows.extend(list(r) for r in result.data_array or [])
        if result.next_chunk_index is None or not resp.statement_id:
            break
        result = ctx.client.statement_execution.get_statement_result_chunk_n(
            resp.statement_id, result.next_chunk_index
        )
    return rows


def _finished(ctx: CheckContext, resp: Any) -> StatementOutcome:
    """The outcome of a statement that is no longer pending (its rows, every chunk)."""
    status = resp.status
    state = status.state.value if status is not None and status.state is not None else "UNKNOWN"
    error = None
    if status is not None and status.error is not None:
        error = status.error.message or (
            status.error.error_code.value if status.error.error_code else None
        )
    schema = resp.manifest.schema if resp.manifest is not None else None
    columns = [c.name or f"col{i}" for i, c in enumerate(schema.columns or [] if schema else [])]
    return StatementOutcome(
        state=state,
        columns=columns,
        rows=_all_rows(ctx, resp),
        error=error,
        statement_id=resp.statement_id,
    )


def run_statement(
    ctx: CheckContext,
    statement: str,
    warehouse_id: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    max_wait_s: float = STATEMENT_MAX_WAIT_S,
    poll_s: float = STATEMENT_POLL_S,
) -> StatementOutcome:
    """Run one statement with BOUND parameters (``:name`` markers), waiting for its result.

    Identical statements with identical parameters run once per verification run.
    """
    params = {k: ("" if v is None else str(v)) for k, v in (parameters or {}).items()}

    def fetch() -> StatementOutcome:
        from databricks.sdk.service.sql import (
            ExecuteStatementRequestOnWaitTimeout,
            StatementParameterListItem,
            StatementState,
        )

        api = ctx.client.statement_execution
        resp = api.execute_statement(
            statement=statement,
            warehouse_id=warehouse_id,
            parameters=[StatementParameterListItem(name=k, value=v) for k, v in params.items()],
            wait_timeout=STATEMENT_WAIT,
            on_wait_timeout=ExecuteStatementRequestOnWaitTimeout.CONTINUE,
        )
        deadline = time.monotonic() + max_wait_s
        pending = (StatementState.PENDING, StatementState.RUNNING)
        while (
            resp.status is not None
            and resp.status.state in pending
            and resp.statement_id
            and time.monotonic() < deadline
        ):
            time.sleep(poll_s)
            resp = api.get_statement(resp.statement_id)
        status = resp.status
        if status is not None and status.state in pending:
            if resp.statement_id:
                # Best effort: the timeout is what we report.
                with contextlib.suppress(Exception):
                    api.cancel_execution(resp.statement_id)
            return StatementOutcome(
                state="TIMEOUT",
                error=f"statement still {status.state.value} after {max_wait_s:.0f} s",
                statement_id=resp.statement_id,
            )
        return _finished(ctx, resp)

    key = ("sql", warehouse_id, statement, tuple(sorted(params.items())))
    return ctx.cached(key, fetch)
