"""Scenario files: what the fake workspace holds and which faults it injects.

A scenario is YAML (or JSON) validated into :class:`Scenario`. ``extends: <name or path>`` deep-merges
the file over a base scenario so variants only state what differs; see README.md for the format.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.errors import NotFoundError, TrackerError
from tracker.fakeworkspace.faults import Fault
from tracker.fakeworkspace.placeholders import resolve_placeholders

SCENARIO_DIR = Path(__file__).parent / "scenarios"
SCENARIOS: tuple[str, ...] = tuple(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml")))
"""Names of the bundled scenarios (files under ``scenarios/``)."""

DELETE = "__delete__"
"""In an ``extends`` override, a mapping value of ``__delete__`` removes the key from the base."""

# Lists under ``resources`` whose items are merged by identity instead of being replaced, so an
# override can change one job or one table without copying the rest. Values are dotted paths.
IDENTITY_KEYS: dict[str, tuple[str, ...]] = {
    "catalogs": ("name",),
    "schemas": ("full_name",),
    "tables": ("full_name",),
    "volumes": ("full_name",),
    "jobs": ("job_id",),
    "job_runs": ("run_id",),
    "clusters": ("cluster_id",),
    "instance_pools": ("instance_pool_id",),
    "cluster_policies": ("policy_id",),
    "secret_scopes": ("name",),
    "ip_access_lists": ("list_id",),
    "serving_endpoints": ("name",),
    "online_tables": ("name",),
    "online_stores": ("name",),
    "registered_models": ("full_name",),
    "model_versions": ("catalog_name", "schema_name", "model_name", "version"),
    "workspace_model_versions": ("name", "version"),
    "registry_webhooks": ("id",),
    "experiments": ("experiment_id",),
    "runs": ("info.run_id",),
    "notification_destinations": ("id",),
    "alerts": ("id",),
    "system_schemas": ("schema",),
    "service_principals": ("id",),
    "users": ("id",),
    "groups": ("id",),
    "warehouses": ("id",),
    "statements": ("name",),
    "query_history": ("query_id",),
    "pipelines": ("pipeline_id",),
    "dashboards": ("dashboard_id",),
    "token_infos": ("token_id",),
    "account_workspaces": ("workspace_id",),
    "log_delivery": ("config_id",),
    "network_connectivity_configs": ("network_connectivity_config_id",),
    "budgets": ("budget_configuration_id",),
    "database_instances": ("name",),
}


class ScenarioError(TrackerError):
    """A scenario file is missing, malformed, or breaks the scenario schema."""


Payload = dict[str, Any]


class StatementRule(BaseModel):
    """How the fake SQL warehouse answers statements whose text matches ``match``."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    match: str = Field(
        description="regular expression searched in the statement text (case-insensitive)"
    )
    parameters: dict[str, str] = Field(
        default_factory=dict, description="bound values that must also match"
    )
    state: Literal["SUCCEEDED", "FAILED", "CANCELED", "CLOSED"] = "SUCCEEDED"
    columns: list[str | dict[str, Any]] = Field(default_factory=list)
    rows: list[list[Any]] = Field(default_factory=list)
    error: str | None = None
    error_code: str = "BAD_REQUEST"
    pending_polls: int = Field(
        0,
        ge=0,
        description="responses (the POST included) answered PENDING/RUNNING before the result",
    )
    chunk_rows: int | None = Field(None, ge=1, description="rows per result chunk (paged)")

    @field_validator("match")
    @classmethod
    def _regex_compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression {value!r}: {exc}") from None
        return value


class Resources(BaseModel):
    """Raw REST payloads keyed by resource kind; every kind is optional (absent = none exist)."""

    model_config = ConfigDict(extra="forbid")

    # Unity Catalog
    metastore: Payload | None = None
    system_schemas: list[Payload] = Field(default_factory=list)
    catalogs: list[Payload] = Field(default_factory=list)
    schemas: list[Payload] = Field(default_factory=list)
    tables: list[Payload] = Field(default_factory=list)
    volumes: list[Payload] = Field(default_factory=list)
    grants: dict[str, list[Payload]] = Field(default_factory=dict)
    monitors: dict[str, Payload] = Field(default_factory=dict)
    monitor_refreshes: dict[str, list[Payload]] = Field(default_factory=dict)
    data_quality_monitors: dict[str, Payload] = Field(default_factory=dict)
    data_quality_refreshes: dict[str, list[Payload]] = Field(default_factory=dict)
    entity_tags: dict[str, list[Payload]] = Field(default_factory=dict)
    data_classification: dict[str, Payload] = Field(default_factory=dict)
    registered_models: list[Payload] = Field(default_factory=list)
    model_versions: list[Payload] = Field(default_factory=list)
    online_tables: list[Payload] = Field(default_factory=list)
    # Feature store / MLflow
    online_stores: list[Payload] = Field(default_factory=list)
    feature_lineage: dict[str, Payload] = Field(default_factory=dict)
    experiments: list[Payload] = Field(default_factory=list)
    runs: list[Payload] = Field(default_factory=list)
    artifacts: dict[str, list[Payload]] = Field(default_factory=dict)
    workspace_model_versions: list[Payload] = Field(default_factory=list)
    registry_webhooks: list[Payload] = Field(default_factory=list)
    # Serving
    serving_endpoints: list[Payload] = Field(default_factory=list)
    serving_metrics: dict[str, str] = Field(default_factory=dict)
    serving_openapi: dict[str, Payload] = Field(default_factory=dict)
    # Jobs and compute
    jobs: list[Payload] = Field(default_factory=list)
    job_runs: list[Payload] = Field(default_factory=list)
    clusters: list[Payload] = Field(default_factory=list)
    instance_pools: list[Payload] = Field(default_factory=list)
    cluster_policies: list[Payload] = Field(default_factory=list)
    policy_compliance: dict[str, list[Payload]] = Field(default_factory=dict)
    pipelines: list[Payload] = Field(default_factory=list)
    # Identity
    service_principals: list[Payload] = Field(default_factory=list)
    users: list[Payload] = Field(default_factory=list)
    groups: list[Payload] = Field(default_factory=list)
    token_infos: list[Payload] = Field(default_factory=list)
    # Workspace, secrets, settings
    secret_scopes: list[Payload] = Field(default_factory=list)
    secrets: dict[str, list[Payload]] = Field(default_factory=dict)
    secret_acls: dict[str, list[Payload]] = Field(default_factory=dict)
    ip_access_lists: list[Payload] = Field(default_factory=list)
    workspace_conf: dict[str, Any] = Field(default_factory=dict)
    settings: dict[str, Payload] = Field(default_factory=dict)
    workspace_objects: dict[str, Payload] = Field(default_factory=dict)
    notification_destinations: list[Payload] = Field(default_factory=list)
    # SQL
    warehouses: list[Payload] = Field(default_factory=list)
    statements: list[StatementRule] = Field(default_factory=list)
    query_history: list[Payload] = Field(default_factory=list)
    alerts: list[Payload] = Field(default_factory=list)
    dashboards: list[Payload] = Field(default_factory=list)
    dashboard_schedules: dict[str, list[Payload]] = Field(default_factory=dict)
    # Account console (served under /api/2.x/accounts/{account_id}/...)
    account_workspaces: list[Payload] = Field(default_factory=list)
    log_delivery: list[Payload] = Field(default_factory=list)
    network_connectivity_configs: list[Payload] = Field(default_factory=list)
    private_endpoint_rules: dict[str, list[Payload]] = Field(default_factory=dict)
    federation_policies: dict[str, list[Payload]] = Field(default_factory=dict)
    budgets: list[Payload] = Field(default_factory=list)
    # Lakebase (managed PostgreSQL)
    database_instances: list[Payload] = Field(default_factory=list)


class Scenario(BaseModel):
    """One fake workspace: identity, resources, paging and faults."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    extends: str | None = None
    cloud: Literal["aws", "azure", "gcp"] | None = None
    workspace_id: str | None = None
    account_id: str | None = None
    unreachable: bool = False
    page_size: int | None = Field(None, ge=1)
    current_user: Payload | None = None
    resources: Resources = Field(default_factory=Resources)
    faults: list[Fault] = Field(default_factory=list)
    source: Path | None = Field(None, exclude=True, description="the file it was loaded from")

    @model_validator(mode="before")
    @classmethod
    def _workspace_id_as_text(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("workspace_id"), int):
            data = {**data, "workspace_id": str(data["workspace_id"])}
        return data

    def resolved_resources(self, now: datetime) -> dict[str, Any]:
        """The resources as plain JSON data with ``${now...}`` placeholders filled in for ``now``."""
        data = self.resources.model_dump(mode="json")
        resolved: dict[str, Any] = resolve_placeholders(data, now)
        return resolved


# --------------------------------------------------------------------------------------------
# Loading


def scenario_path(name: str) -> Path:
    """The file of a bundled scenario; raises ``NotFoundError`` (with suggestions) if unknown."""
    path = SCENARIO_DIR / f"{name}.yaml"
    if not path.is_file():
        raise NotFoundError("scenario", name, difflib.get_close_matches(name, SCENARIOS, n=3))
    return path


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a bundled scenario by name, or a YAML/JSON file by path, resolving ``extends``."""
    path = _locate(name_or_path, base_dir=None)
    raw = _load_merged(path, chain=())
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(f"{path}: invalid scenario:\n{_format_errors(exc)}") from None
    return scenario.model_copy(update={"source": path})


def _locate(name_or_path: str | Path, base_dir: Path | None) -> Path:
    text = str(name_or_path)
    looks_like_path = (
        isinstance(name_or_path, Path) or "/" in text or text.endswith((".yaml", ".yml", ".json"))
    )
    if not looks_like_path:
        return scenario_path(text)
    path = Path(text)
    if not path.is_absolute() and base_dir is not None and (base_dir / path).is_file():
        path = base_dir / path
    if not path.is_file():
        raise ScenarioError(f"scenario file not found: {path}")
    return path.resolve()


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster
_CACHE: dict[tuple[Path, int, int], dict[str, Any]] = {}


def _read(path: Path) -> dict[str, Any]:
    """The parsed file (cached by path, size and mtime; callers get a private copy)."""
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in _CACHE:
            _CACHE[key] = _parse(path, path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read scenario: {exc}") from None
    return copy.deepcopy(_CACHE[key])


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise ScenarioError(f"{path}{where}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario must be a mapping at the top level")
    return data


def _load_merged(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    if path in chain:
        cycle = " -> ".join(str(p.name) for p in (*chain, path))
        raise ScenarioError(f"{path}: 'extends' forms a cycle: {cycle}")
    data = _read(path)
    parent = data.get("extends")
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(f"{path}: 'extends' must be a scenario name or a path")
    try:
        base_path = _locate(parent, base_dir=path.parent)
    except NotFoundError as exc:
        raise ScenarioError(f"{path}: extends {exc}") from None
    base = _load_merged(base_path, (*chain, path))
    return merge_scenarios(base, data)


def merge_scenarios(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` deep-merged over ``base``: faults are prepended, resource lists merge by identity."""
    merged: dict[str, Any] = {}
    for key, value in base.items():
        if key not in ("name", "description", "extends"):
            merged[key] = copy.deepcopy(value)
    for key, value in override.items():
        if key == "faults":
            merged["faults"] = [*copy.deepcopy(value or []), *merged.get("faults", [])]
        elif key == "resources" and isinstance(value, Mapping):
            resources = merged.setdefault("resources", {})
            for kind, kind_value in value.items():
                if kind_value == DELETE:
                    resources.pop(kind, None)
                    continue
                identity = IDENTITY_KEYS.get(kind)
                base_value = resources.get(kind)
                if (
                    identity is not None
                    and isinstance(base_value, list)
                    and isinstance(kind_value, list)
                ):
                    # New statement rules go first: the first matching rule answers.
                    resources[kind] = _merge_keyed(
                        base_value, kind_value, identity, prepend_new=kind == "statements"
                    )
                else:
                    resources[kind] = _merge_value(base_value, kind_value)
        else:
            merged[key] = _merge_value(merged.get(key), value)
    return merged


def _merge_value(base: Any, override: Any) -> Any:
    if isinstance(base, Mapping) and isinstance(override, Mapping):
        out = dict(copy.deepcopy(base))
        for key, value in override.items():
            if value == DELETE:
                out.pop(key, None)
            else:
                out[key] = _merge_value(out.get(key), value)
        return out
    return copy.deepcopy(override)


def _identity(item: Any, identity: tuple[str, ...]) -> tuple[Any, ...] | None:
    if not isinstance(item, Mapping):
        return None
    values: list[Any] = []
    for dotted in identity:
        value: Any = item
        for part in dotted.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        values.append(str(value) if value is not None else None)
    return None if all(v is None for v in values) else tuple(values)


def _merge_keyed(
    base: list[Any], override: list[Any], identity: tuple[str, ...], *, prepend_new: bool = False
) -> list[Any]:
    out = copy.deepcopy(base)
    inserted = 0
    for item in override:
        key = _identity(item, identity)
        index = next(
            (i for i, old in enumerate(out) if key is not None and _identity(old, identity) == key),
            None,
        )
        if isinstance(item, Mapping) and item.get("_delete"):
            if index is not None:
                out.pop(index)
            continue
        if index is None and prepend_new:
            out.insert(inserted, copy.deepcopy(item))
            inserted += 1
        elif index is None:
            out.append(copy.deepcopy(item))
        else:
            out[index] = _merge_value(out[index], item)
    return out


def _format_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        loc = ".".join(str(part) for part in error["loc"]) or "(top level)"
        lines.append(f"  {loc}: {error['msg']}")
    return "\n".join(lines)
