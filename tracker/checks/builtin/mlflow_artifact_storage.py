"""Where experiment and model artifacts are stored (docs/checks.md#mlflow_artifact_storage; evidence only)."""

from __future__ import annotations

from typing import Any

from tracker.checks import resources
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.params import EXPERIMENT_PATHS

META = CheckMeta(
    id="mlflow_artifact_storage",
    title="MLflow artifact storage location",
    items=("mlflow-artifact-storage",),
    params=(
        EXPERIMENT_PATHS,
        Param(
            "model_names",
            "list",
            "Unity Catalog models (full names) whose storage to report",
            required=False,
        ),
    ),
    severity="medium",
    permission="CAN_READ on the experiments; EXECUTE on the models",
    remediation=(
        "Create production experiments with an artifact location in governed storage "
        "(Unity Catalog managed storage or an external location) and register models in Unity Catalog."
    ),
    docs="https://docs.databricks.com/en/mlflow/experiments.html#artifact-storage",
    kind="partial",
    resources=(
        "GET /api/2.0/mlflow/experiments/get-by-name",
        "GET /api/2.1/unity-catalog/models/{full_name}/versions",
    ),
)

PERSONAL_PREFIXES = ("/users/", "dbfs:/users/", "file:")


def _scheme(location: str) -> str:
    return location.split(":", 1)[0] + ":/" if ":" in location else "workspace path"


def run(ctx: CheckContext, params: dict[str, Any]) -> Result:
    paths: list[str] = params["experiment_paths"]
    models: list[str] = params.get("model_names") or []
    experiments: dict[str, Any] = {}
    model_storage: dict[str, Any] = {}
    problems: list[str] = []
    for path in paths:
        exp = resources.if_exists(resources.experiment_by_name, ctx, path)
        if exp is None:
            experiments[path] = None
            problems.append(f"experiment {path} does not exist")
            continue
        location = exp.artifact_location or ""
        experiments[path] = {
            "artifact_location": location or None,
            "scheme": _scheme(location) if location else None,
            "lifecycle_stage": exp.lifecycle_stage,
        }
        if not location:
            problems.append(f"experiment {path} has no artifact location")
        elif location.lower().startswith(PERSONAL_PREFIXES):
            problems.append(f"experiment {path} stores artifacts in a personal location {location}")
    for name in models:
        versions = resources.if_exists(resources.model_versions, ctx, name)
        if versions is None:
            model_storage[name] = None
            problems.append(f"model {name} does not exist")
            continue
        latest = versions[0] if versions else None
        location = (latest.storage_location if latest else None) or ""
        model_storage[name] = {
            "latest_version": latest.version if latest else None,
            "storage_location": location or None,
            "scheme": _scheme(location) if location else None,
        }
    link = ctx.ui_link("/ml/experiments")
    facts = {"experiments": experiments, "models": model_storage}
    if failed := Result.failure("Artifact storage", problems, link=link, **facts):
        return failed
    where = "; ".join(f"{p} -> {e['artifact_location']}" for p, e in experiments.items())
    if model_storage:
        where += "; " + "; ".join(
            f"{n} v{m['latest_version']} -> {m['storage_location'] or 'no storage location'}"
            for n, m in model_storage.items()
        )
    return Result.review(
        f"Artifacts are stored at {where}; confirm these are governed locations.",
        link=link,
        **facts,
    )
