"""Evidence that registered models carry signatures (docs/checks.md#mlflow_model_signatures; a person confirms)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Result
from tracker.checks.params import REGISTERED_MODEL_NAMES

if TYPE_CHECKING:
    from databricks.sdk.service.ml import FileInfo

META = CheckMeta(
    id="mlflow_model_signatures",
    title="Model signatures included for all models",
    items=("mlflow-model-signatures",),
    params=(REGISTERED_MODEL_NAMES,),
    severity="high",
    permission="EXECUTE on the models (Unity Catalog) or CAN_READ (workspace registry)",
    remediation=(
        "Log models with a signature (mlflow.models.infer_signature(X, y) passed to log_model) and "
        "register them in Unity Catalog, which refuses models without one."
    ),
    docs="https://mlflow.org/docs/latest/model/signatures.html",
    kind="partial",
    resources=(
        "GET /api/2.1/unity-catalog/models/{full_name}",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions",
        "POST /api/2.0/mlflow/registered-models/get-latest-versions",
        "GET /api/2.0/mlflow/artifacts/list",
    ),
)


def _uc_facts(ctx: CheckContext, name: str, problems: list[str]) -> dict[str, Any]:
    versions = (
        resources.if_exists(resources.model_versions, ctx, name)
        if resources.if_exists(resources.registered_model, ctx, name) is not None
        else None
    )
    if versions is None:
        problems.append(f"{name} does not exist")
        return {"registry": "unity_catalog", "exists": False}
    if not versions:
        problems.append(f"{name} has no versions")
    return {
        "registry": "unity_catalog",
        "versions": len(versions),
        "latest_version": versions[0].version if versions else None,
        "signature_enforced_by_registry": True,
    }


def _model_artifacts(ctx: CheckContext, run_id: str) -> list[FileInfo]:
    return ctx.cached(
        ("experiments.list_artifacts", run_id, "model"),
        lambda: list(ctx.client.experiments.list_artifacts(run_id=run_id, path="model")),
    )


def _workspace_facts(ctx: CheckContext, name: str, problems: list[str]) -> dict[str, Any]:
    versions = resources.if_exists(resources.latest_model_versions, ctx, name)
    if versions is None:
        problems.append(f"{name} does not exist in the workspace registry")
        return {"registry": "workspace", "exists": False}
    with_mlmodel: list[str] = []
    without: list[str] = []
    for v in versions:
        label = f"v{v.version} ({v.current_stage})"
        if not v.run_id:
            without.append(label)
            continue
        files = _model_artifacts(ctx, v.run_id)
        (
            with_mlmodel if any((f.path or "").endswith("MLmodel") for f in files) else without
        ).append(label)
    return {
        "registry": "workspace",
        "versions_with_mlmodel": with_mlmodel,
        "versions_without_mlmodel": without,
        "signature_enforced_by_registry": False,
    }


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["model_names"]
    problems: list[str] = []
    models = {
        name: (_uc_facts if len(name.split(".")) == 3 else _workspace_facts)(ctx, name, problems)
        for name in names
    }
    link = ctx.ui_link("/ml/models")
    facts = {"models": models}
    if failed := Result.failure("Model signatures", problems, link=link, **facts):
        return failed
    uc = [n for n, m in models.items() if m["registry"] == "unity_catalog"]
    legacy = [n for n in names if n not in uc]
    parts = []
    if uc:
        parts.append(
            f"{', '.join(uc)} are registered in Unity Catalog, which only accepts models logged "
            "with an input and output signature"
        )
    if legacy:
        parts.append(
            f"{', '.join(legacy)} are in the workspace registry, which does not enforce signatures: "
            "open each version's MLmodel and check its 'signature' section"
        )
    return Result.review("; ".join(parts) + ".", link=link, **facts)
