"""Check model prediction quality: the latest refresh of each inference table's monitor
succeeded, so fresh quality metrics exist (docs/checks.md#prediction_quality_refresh, PARTIAL)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import INFERENCE_TABLES

META = CheckMeta(
    id="prediction_quality_refresh",
    title="Latest inference-monitor refresh succeeded (prediction quality evidence)",
    items=("check-prediction-quality",),
    params=(INFERENCE_TABLES,),
    severity="medium",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the inference tables",
    remediation=(
        "Fix the failing monitor refresh (its message names the cause), run a refresh, then compare "
        "the new metrics with the validation baseline."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/monitor-output.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["inference_tables"]
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Inference table(s) {', '.join(missing)} do not exist.", link=link, missing=missing
        )
    now_ms = datetime.now(UTC).timestamp() * 1000
    latest: dict[str, Any] = {}
    failed: list[str] = []
    notes: list[str] = []
    for name in found:
        refreshes = resources.if_exists(resources.monitor_refreshes, ctx, name)
        if refreshes is None:
            latest[name] = None
            notes.append(f"{name} has no monitor (no refresh to look at)")
            continue
        if not refreshes:
            latest[name] = None
            notes.append(f"{name}'s monitor has never refreshed")
            continue
        last = refreshes[0]
        state = last.state.value if last.state else "UNKNOWN"
        ended = last.end_time_ms or last.start_time_ms
        age_h = round((now_ms - ended) / 3_600_000, 1) if ended else None
        latest[name] = {
            "refresh_id": last.refresh_id,
            "state": state,
            "hours_ago": age_h,
            "message": last.message,
        }
        if state in ("FAILED", "CANCELED"):
            failed.append(
                f"{name} (refresh {last.refresh_id} {state}: {last.message or 'no message'})"
            )
        else:
            notes.append(f"{name} refresh {last.refresh_id} {state} {age_h} h ago")
    if failed:
        return Result.failed(
            "The latest monitor refresh did not succeed for " + ", ".join(failed) + ".",
            link=link,
            latest_refresh=latest,
        )
    return Result.review(
        "Latest monitor refreshes: " + "; ".join(notes) + ". Compare the metrics with the "
        "validation baseline.",
        link=link,
        latest_refresh=latest,
    )
