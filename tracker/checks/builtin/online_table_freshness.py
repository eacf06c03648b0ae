"""Online tables sync often enough: sync mode and the age of the last sync (docs/checks.md#online_table_freshness;
whether the frequency is optimal is manual)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="online_table_freshness",
    title="Online table refresh frequency",
    items=("online-refresh-frequency",),
    params=(
        Param("online_tables", "list", "Online tables, full names"),
        Param(
            "max_staleness_hours",
            "float",
            "Maximum age in hours of the last successful sync",
            required=False,
            default="24",
        ),
    ),
    severity="medium",
    permission="SELECT/USE on the online tables' source tables",
    remediation=(
        "Pick the sync mode the use case needs (continuous for fresh features, triggered on a "
        "schedule otherwise) and make sure the sync pipeline runs."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/online-tables.html#sync-modes",
    kind="partial",
    resources=("GET /api/2.0/online-tables/{name}",),
)


def staleness_problem(
    name: str, mode: str, state: str | None, age_h: float | None, limit_h: float
) -> str | None:
    """Why the online table is stale, or ``None``. The sync timestamp is the source commit last
    processed: a continuously syncing table whose source is idle looks old while it is current,
    and a snapshot table has no timestamp at all; both are judged by the detailed state. A
    triggered table is as fresh as its last trigger."""
    if mode == "continuous" and state == "ONLINE_CONTINUOUS_UPDATE":
        return None
    if mode == "snapshot" and state in ("ONLINE", "ONLINE_NO_PENDING_UPDATE"):
        return None
    if age_h is None:
        return f"{name} ({mode}) has no successful sync recorded (state {state or 'unknown'})"
    if age_h > limit_h:
        return f"{name} ({mode}) last synced {age_h:g} h ago, over {limit_h:g} h"
    if state is not None and ("FAILED" in state or state.startswith("OFFLINE")):
        return f"{name} ({mode}) is {state}"
    return None


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["online_tables"]
    limit_h: float = params["max_staleness_hours"]
    now = datetime.now(UTC)
    tables: dict[str, Any] = {}
    problems: list[str] = []
    for name in names:
        table = resources.if_exists(resources.online_table, ctx, name)
        if table is None:
            tables[name] = None
            problems.append(f"{name} does not exist")
            continue
        spec, status = table.spec, table.status
        mode = (
            "continuous"
            if spec and spec.run_continuously is not None
            else "triggered"
            if spec and spec.run_triggered is not None
            else "snapshot"
        )
        update = None
        if status is not None:
            update = status.continuous_update_status or status.triggered_update_status
        last = resources.parse_timestamp(update.timestamp if update else None)
        age_h = round((now - last).total_seconds() / 3600, 2) if last else None
        state = status.detailed_state.value if status and status.detailed_state else None
        tables[name] = {
            "sync_mode": mode,
            "state": state,
            "last_sync": last.isoformat() if last else None,
            "age_hours": age_h,
        }
        problem = staleness_problem(name, mode, state, age_h, limit_h)
        if problem:
            problems.append(problem)
        elif age_h is not None and age_h > limit_h:
            tables[name]["idle_source"] = True  # up to date: the source has not changed since
    link = resources.explore_link(ctx, names)
    facts = {"tables": tables, "max_staleness_hours": limit_h}
    if failed := Result.failure("Online table freshness", problems, link=link, **facts):
        return failed
    summary = "; ".join(
        f"{n}: {t['sync_mode']}, "
        + (f"last sync {t['age_hours']:g} h ago" if t["age_hours"] is not None else t["state"])
        + (" (source idle)" if t.get("idle_source") else "")
        for n, t in tables.items()
    )
    return Result.review(
        f"Online tables are fresh ({summary}; limit {limit_h:g} h); confirm the sync mode suits the "
        "use case and its cost.",
        link=link,
        **facts,
    )
