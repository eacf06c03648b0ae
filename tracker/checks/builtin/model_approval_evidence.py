"""Model approval process: evidence of approvals on the production models (owner, promotion
aliases, registry webhooks for transition requests) (docs/checks.md#model_approval_evidence, PARTIAL)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import UC_MODEL_NAMES

META = CheckMeta(
    id="model_approval_evidence",
    title="Model approval evidence (owner, aliases, approval webhooks)",
    items=("mgov-approval-process",),
    params=(UC_MODEL_NAMES,),
    severity="high",
    permission="EXECUTE (or owner) on the registered models",
    remediation=(
        "Write down who approves a model for production and on what evidence; let only the "
        "approvers' group set the production alias, and record each approval (e.g. a version "
        "comment or tag naming the approver)."
    ),
    docs="https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/models/{full_name}",
        "GET /api/2.0/mlflow/registry-webhooks/list",
    ),
)

APPROVAL_EVENTS = ("TRANSITION_REQUEST", "TRANSITIONED_TO_PRODUCTION")


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    from databricks.sdk.errors.base import DatabricksError

    names: list[str] = params["model_names"]
    link = resources.models_link(ctx, names)
    models: dict[str, Any] = {}
    missing: list[str] = []
    for name in names:
        info = resources.if_exists(resources.registered_model, ctx, name)
        if info is None:
            missing.append(name)
            continue
        models[name] = {
            "owner": info.owner,
            "aliases": {a.alias_name: a.version_num for a in info.aliases or [] if a.alias_name},
        }
    if missing:
        return Result.failed(
            f"Registered model(s) {', '.join(missing)} do not exist in Unity Catalog.",
            link=link,
            missing=missing,
            models=models,
        )
    try:
        hooks = [
            f"{h.model_name or 'all models'}: {', '.join(e.value for e in h.events or [])}"
            for h in resources.registry_webhooks(ctx)
            if any(k in e.value for e in h.events or [] for k in APPROVAL_EVENTS)
        ]
    except DatabricksError as exc:
        if not resources.unavailable(exc):
            raise
        hooks = ["unavailable"]
    lines = [
        f"{n} owned by {m['owner'] or 'unknown'}, aliases "
        + (", ".join(f"{a}->v{v}" for a, v in m["aliases"].items()) or "none")
        for n, m in models.items()
    ]
    hook_text = (
        f"approval webhooks: {'; '.join(hooks)}"
        if hooks
        else "no approval webhook (legacy registry)"
    )
    return Result.review(
        "; ".join(lines) + f"; {hook_text}. Confirm the approval process is written down and each "
        "production version's approval is recorded.",
        link=link,
        models=models,
        approval_webhooks=hooks,
    )
