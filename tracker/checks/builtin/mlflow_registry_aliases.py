"""Registered models carry the promotion aliases (UC) or staging/production stages (workspace
registry) (docs/checks.md#mlflow_registry_aliases)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import REGISTERED_MODEL_NAMES

META = CheckMeta(
    id="mlflow_registry_aliases",
    title="Model registry has the promotion aliases / stages",
    items=("mlflow-registry-stages",),
    params=(
        REGISTERED_MODEL_NAMES,
        Param(
            "required_aliases",
            "list",
            "Aliases every Unity Catalog model must have",
            required=False,
            default="champion,challenger",
        ),
        Param(
            "required_stages",
            "list",
            "Stages a legacy workspace-registry model must have a version in",
            required=False,
            default="Staging,Production",
        ),
    ),
    severity="high",
    permission="EXECUTE on the model and USE_CATALOG/USE_SCHEMA on its catalog and schema",
    remediation=(
        "Register the model in Unity Catalog and set the aliases on the right versions "
        "(MlflowClient().set_registered_model_alias('prod_ml.models.churn', 'champion', 12))."
    ),
    docs="https://docs.databricks.com/en/machine-learning/manage-model-lifecycle/index.html",
    resources=(
        "GET /api/2.1/unity-catalog/models/{full_name}",
        "POST /api/2.0/mlflow/registered-models/get-latest-versions",
    ),
)


def _is_uc(name: str) -> bool:
    return len(name.split(".")) == 3


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    names: list[str] = params["model_names"]
    aliases_wanted: list[str] = params["required_aliases"] or []
    stages_wanted: list[str] = params["required_stages"] or []
    models: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for name in names:
        if _is_uc(name):
            info = resources.if_exists(resources.registered_model, ctx, name)
            if info is None:
                models[name] = {"registry": "unity_catalog", "exists": False}
                problems.append(f"{name} does not exist")
                continue
            aliases = {a.alias_name: a.version_num for a in info.aliases or [] if a.alias_name}
            missing = [a for a in aliases_wanted if a not in aliases]
            models[name] = {"registry": "unity_catalog", "aliases": aliases, "missing": missing}
            if missing:
                problems.append(f"{name} has no alias {', '.join(missing)}")
            continue
        versions = resources.if_exists(resources.latest_model_versions, ctx, name, stages_wanted)
        if versions is None:
            models[name] = {"registry": "workspace", "exists": False}
            problems.append(f"{name} does not exist in the workspace registry")
            continue
        stages = {str(v.current_stage): v.version for v in versions if v.current_stage}
        missing = [s for s in stages_wanted if s.lower() not in {k.lower() for k in stages}]
        models[name] = {"registry": "workspace", "stages": stages, "missing": missing}
        if missing:
            problems.append(f"{name} has no version in stage {', '.join(missing)}")
    link = (
        resources.model_link(ctx, names[0])
        if len(names) == 1 and _is_uc(names[0])
        else ctx.ui_link("/ml/models")
    )
    facts = {"models": models, "required_aliases": aliases_wanted}
    if failed := Result.failure("Model registry", problems, link=link, **facts):
        return failed
    described = "; ".join(
        f"{n} ({', '.join(f'{k}=v{v}' for k, v in (m.get('aliases') or m.get('stages') or {}).items())})"
        for n, m in models.items()
    )
    return Result.passed(
        f"Registered models carry the required aliases/stages: {described}.",
        examined=list(models),
        link=link,
        **facts,
    )
