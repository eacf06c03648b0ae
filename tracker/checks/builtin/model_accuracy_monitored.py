"""Model accuracy tracked over time: an inference-log monitor with a label column on each
inference table (docs/checks.md#model_accuracy_monitored, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import INFERENCE_TABLES

META = CheckMeta(
    id="model_accuracy_monitored",
    title="Model accuracy tracked (inference-log monitor with labels)",
    items=("mpm-accuracy-over-time",),
    params=(INFERENCE_TABLES,),
    severity="high",
    permission="USE_CATALOG/USE_SCHEMA and SELECT on the inference tables",
    remediation=(
        "Join ground-truth labels into the inference table as they arrive and set the monitor's "
        "label column (inference_log.label_col), so its profile metrics include accuracy per window."
    ),
    docs="https://docs.databricks.com/en/lakehouse-monitoring/monitor-output.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/tables/{full_name}",
        "GET /api/2.1/unity-catalog/tables/{table_name}/monitor",
        "GET /api/data-quality/v1/monitors/{object_type}/{object_id}",
    ),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["inference_tables"]
    link = resources.explore_link(ctx, names)
    found, missing = resources.tables_found(ctx, names)
    if missing:
        return Result.failed(
            f"Inference table(s) {', '.join(missing)} do not exist, so accuracy cannot be tracked "
            "from them.",
            link=link,
            missing=missing,
        )
    labelled: list[str] = []
    gaps: list[str] = []
    monitors: dict[str, Any] = {}
    for name, monitor in resources.table_monitors(ctx, found).items():
        monitors[name] = monitor.facts() if monitor is not None else None
        log = monitor.inference_log if monitor is not None else None
        if monitor is None:
            gaps.append(f"{name} has no monitor")
        elif not log:
            gaps.append(f"{name}'s monitor is not an inference-log monitor")
        elif not log.get("label_col"):
            gaps.append(f"{name}'s inference-log monitor has no label column")
        else:
            state = "" if monitor.active else f", monitor {monitor.status}"
            labelled.append(f"{name} (label {log['label_col']}, {log.get('problem_type')}{state})")
    parts = gaps[:]
    if labelled:
        parts.insert(
            0, "Inference-log monitors with labels compute accuracy on " + ", ".join(labelled)
        )
    text = "; ".join(parts)
    return Result.review(
        text[:1].upper() + text[1:] + ". Confirm labels arrive and the accuracy trend is reviewed.",
        link=link,
        monitors=monitors,
        gaps=gaps,
    )
