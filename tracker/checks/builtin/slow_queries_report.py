"""Optimize slow queries: the slowest statements on the SQL warehouse from the query history
(docs/checks.md#slow_queries_report, PARTIAL: report only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="slow_queries_report",
    title="Slowest SQL warehouse queries (query history)",
    items=("optimize-slow-queries",),
    params=(
        Param("warehouse_id", "str", "SQL warehouse whose history is read"),
        Param(
            "slow_query_seconds",
            "int",
            "A query slower than this is listed",
            required=False,
            default=30,
        ),
        Param("days", "int", "Look-back window in days", required=False, default=14),
    ),
    severity="low",
    permission="CAN_MANAGE on the warehouse or owner of the queries (others' queries need admin)",
    remediation=(
        "Open the slowest queries' profiles and fix them (liquid clustering on the filter "
        "columns, narrower projections, predicate pushdown), then re-check the history."
    ),
    docs="https://docs.databricks.com/en/sql/user/queries/query-profile.html",
    kind="partial",
    resources=("GET /api/2.0/sql/history/queries",),
)

SNIPPET = 80  # characters of query text kept as a fact


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    warehouse: str = params["warehouse_id"]
    threshold_ms = params["slow_query_seconds"] * 1000
    days: int = params["days"]
    link = ctx.ui_link(f"/sql/history?warehouseId={warehouse}")
    queries = resources.query_history(ctx, warehouse, days)

    def duration(q: Any) -> int:
        total = q.metrics.total_time_ms if q.metrics is not None else None
        return int(total or q.duration or 0)

    ranked = sorted(queries, key=duration, reverse=True)
    slow = [q for q in ranked if duration(q) >= threshold_ms]
    top = [
        {
            "query_id": q.query_id,
            "seconds": round(duration(q) / 1000, 1),
            "statement_type": q.statement_type.value if q.statement_type else None,
            "user": q.user_name,
            "text": " ".join((q.query_text or "").split())[:SNIPPET],
        }
        for q in ranked[:10]
    ]
    facts = {
        "queries_seen": len(queries),
        "slow_queries": len(slow),
        "threshold_seconds": params["slow_query_seconds"],
        "slowest": top,
    }
    if not queries:
        return Result.review(
            f"No query ran on warehouse {warehouse} in the last {days} days (or none is visible "
            "to the caller).",
            link=link,
            **facts,
        )
    listed = ", ".join(f"{t['query_id']} {t['seconds']} s" for t in top[:3])
    return Result.review(
        f"{len(slow)} of {len(queries)} queries on warehouse {warehouse} in the last {days} days "
        f"took >= {params['slow_query_seconds']} s (slowest: {listed}). Review and optimize them.",
        link=link,
        **facts,
    )
