"""Online tables are online and syncing; the online store is available (docs/checks.md#online_tables_syncing)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="online_tables_syncing",
    title="Online tables created and syncing",
    items=("online-tables-syncing",),
    params=(
        Param("online_tables", "list", "Online tables, full names", required=False),
        Param("online_store_name", "str", "Online feature store (Lakebase) name", required=False),
    ),
    severity="high",
    permission="SELECT/USE on the online tables' source tables; workspace access for online stores",
    remediation=(
        "Create the online table from a feature table with a primary key (or publish it to an "
        "online store) and fix the failed sync pipeline shown on the table's page."
    ),
    docs="https://docs.databricks.com/en/machine-learning/feature-store/online-tables.html",
    resources=(
        "GET /api/2.0/online-tables/{name}",
        "GET /api/2.0/feature-store/online-stores/{name}",
    ),
)

ONLINE_STATES = frozenset(
    {
        "ONLINE",
        "ONLINE_CONTINUOUS_UPDATE",
        "ONLINE_NO_PENDING_UPDATE",
        "ONLINE_TRIGGERED_UPDATE",
        "ONLINE_UPDATING_PIPELINE_RESOURCES",
    }
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    tables: list[str] = params.get("online_tables") or []
    store_name: str | None = params.get("online_store_name")
    if not tables and not store_name:
        return Result.error("Bad parameter: set online_tables or online_store_name")
    states: dict[str, str] = {}
    problems: list[str] = []
    for name in tables:
        table = resources.if_exists(resources.online_table, ctx, name)
        if table is None:
            states[name] = "MISSING"
            problems.append(f"online table {name} does not exist")
            continue
        status = table.status
        state = status.detailed_state.value if status and status.detailed_state else "UNKNOWN"
        states[name] = state
        if state not in ONLINE_STATES:
            detail = f" ({status.message})" if status and status.message else ""
            problems.append(f"online table {name} is {state}{detail}")
    if store_name:
        store = resources.if_exists(resources.online_store, ctx, store_name)
        if store is None:
            states[store_name] = "MISSING"
            problems.append(f"online store {store_name} does not exist")
        else:
            state = store.state.value if store.state else "UNKNOWN"
            states[store_name] = state
            if state != "AVAILABLE":
                problems.append(f"online store {store_name} is {state}")
    link = resources.explore_link(ctx, [] if store_name else tables)
    facts = {"states": states}
    if failed := Result.failure("Online features", problems, link=link, **facts):
        return failed
    summary = ", ".join(f"{n} {s}" for n, s in states.items())
    return Result.passed(
        f"Online features are serving: {summary}.", examined=list(states), link=link, **facts
    )
