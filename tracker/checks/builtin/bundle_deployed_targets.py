"""The Asset Bundle was deployed to each non-production target (docs/checks.md#bundle_deployed_targets; whether the
deployed jobs ran successfully there is confirmed by a person)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result

META = CheckMeta(
    id="bundle_deployed_targets",
    title="Bundle deployment tested in dev/staging",
    items=("dab-deployment-tested-staging",),
    params=(
        Param(
            "bundle_root_paths",
            "list",
            "Workspace root path of the bundle deployment, one per target (comma-separated)",
        ),
    ),
    severity="high",
    permission="CAN_READ on the bundle folders",
    remediation=(
        "Deploy the bundle to dev and staging from CI (`databricks bundle deploy -t staging`) and run "
        "its jobs there before deploying to prod."
    ),
    docs="https://docs.databricks.com/en/dev-tools/bundles/deployment-modes.html",
    kind="partial",
    resources=("GET /api/2.0/workspace/get-status",),
)


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    roots: list[str] = [r.rstrip("/") for r in params["bundle_root_paths"]]
    deployed: dict[str, bool] = {}
    for root in roots:
        state = resources.if_exists(resources.workspace_object, ctx, f"{root}/state")
        deployed[root] = state is not None
    missing = [r for r, ok in deployed.items() if not ok]
    link = ctx.ui_link("/browse")
    facts = {"targets": deployed}
    if missing:
        return Result.failed(
            f"No bundle deployment state under {', '.join(missing)} (the bundle was never deployed there).",
            link=link,
            **facts,
        )
    return Result.review(
        f"The bundle was deployed to {', '.join(roots)} (state folder present); confirm the deployed "
        "jobs ran successfully there.",
        link=link,
        **facts,
    )
