"""The shipped template holds the whole seed checklist, word for word, with sound metadata.

The seed is parsed from the repository's copy (tests/data), so this test runs in any checkout;
when the shared original is present too, the copy must still equal it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tracker.domain.enums import MLTestSection, PhaseRecurrence, Severity
from tracker.domain.template import Item, Template
from tracker.domain.template_loader import load_template

REPO = Path(__file__).parents[2]
TEMPLATE_PATH = REPO / "checklists" / "databricks-ml-production.yaml"
SEED_COPY = REPO / "tests" / "data" / "production-deployment-checklist.md"
SHARED_SEED = REPO.parent / "shared" / "seed" / "production-deployment-checklist.md"

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CONDITIONAL_MARKERS = ("(if required)", "(if applicable)", "(optional but recommended)")
CLOUD_SPECIFIC = (
    "Secrets stored in Azure Key Vault",
    "Private endpoints enabled for Azure storage",
)


@dataclass
class SeedGroup:
    title: str
    items: list[str] = field(default_factory=list)


@dataclass
class SeedSection:
    """A `###` section: a category with groups, or a post-deployment phase with tasks."""

    title: str
    groups: list[SeedGroup] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)


@dataclass
class Seed:
    categories: list[SeedSection]
    phases: list[SeedSection]


def parse_seed(text: str) -> Seed:
    """Checklist structure of the seed: `##` parts, `###` sections, bold groups, `- [ ]` leaves."""
    parts: dict[str, list[SeedSection]] = {}
    current: list[SeedSection] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = parts.setdefault(line[3:].strip(), [])
        elif line.startswith("### ") and current is not None:
            current.append(SeedSection(line[4:].strip()))
        elif (m := re.fullmatch(r"- \[ \] \*\*(.+)\*\*", line)) and current:
            current[-1].groups.append(SeedGroup(m.group(1)))
        elif (m := re.fullmatch(r"  - \[ \] (.+)", line)) and current:
            current[-1].groups[-1].items.append(m.group(1))
        elif (m := re.fullmatch(r"- \[ \] (.+)", line)) and current:
            current[-1].tasks.append(m.group(1))
    return Seed(categories=parts["Pre-Production Checklist"], phases=parts["Post-Deployment Tasks"])


@pytest.fixture(scope="module")
def template() -> Template:
    return load_template(TEMPLATE_PATH)


@pytest.fixture(scope="module")
def seed() -> Seed:
    return parse_seed(SEED_COPY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def items_by_text(template: Template) -> dict[str, Item]:
    return {item.text: item for _, _, item in template.iter_items()}


def test_seed_copy_matches_shared_seed() -> None:
    if not SHARED_SEED.exists():
        pytest.skip("shared seed not present in this checkout")
    assert SEED_COPY.read_text(encoding="utf-8") == SHARED_SEED.read_text(encoding="utf-8")


def test_seed_parser_finds_whole_checklist(seed: Seed) -> None:
    assert len(seed.categories) == 8
    assert sum(len(c.groups) for c in seed.categories) == 25
    assert sum(len(g.items) for c in seed.categories for g in c.groups) == 129
    assert [len(p.tasks) for p in seed.phases] == [5, 5, 5]


def test_template_loads_with_expected_shape(template: Template) -> None:
    assert template.id == "databricks-ml-production"
    assert template.version == 2
    assert template.source == "production-deployment-checklist.md"
    assert len(template.categories) == 8
    assert sum(len(c.groups) for c in template.categories) == 25
    assert template.item_count == 129
    assert len(template.post_deployment) == 3
    assert len(list(template.iter_tasks())) == 15


def test_categories_groups_and_items_follow_the_seed(template: Template, seed: Seed) -> None:
    shipped = [
        (c.title, [(g.title, [i.text for i in g.items]) for g in c.groups])
        for c in template.categories
    ]
    expected = [(c.title, [(g.title, g.items) for g in c.groups]) for c in seed.categories]
    assert shipped == expected


def test_every_seed_leaf_is_an_item_or_task(template: Template, seed: Seed) -> None:
    item_texts = {item.text for _, _, item in template.iter_items()}
    task_texts = {task.text for _, task in template.iter_tasks()}
    seed_items = [i for c in seed.categories for g in c.groups for i in g.items]
    seed_tasks = [t for p in seed.phases for t in p.tasks]
    assert [t for t in seed_items if t not in item_texts] == []
    assert [t for t in seed_tasks if t not in task_texts] == []


def test_phases_follow_the_seed(template: Template, seed: Seed) -> None:
    shipped = [(p.title, [t.text for t in p.tasks]) for p in template.post_deployment]
    assert shipped == [(p.title, p.tasks) for p in seed.phases]


@pytest.mark.parametrize(
    ("index", "phase_id", "recurrence", "start_day", "end_day"),
    [
        (0, "week-1-validation", PhaseRecurrence.ONCE, 1, 7),
        (1, "weeks-2-4-optimization", PhaseRecurrence.ONCE, 8, 28),
        (2, "monthly-review", PhaseRecurrence.MONTHLY, None, None),
    ],
)
def test_phase_timing(
    template: Template,
    index: int,
    phase_id: str,
    recurrence: PhaseRecurrence,
    start_day: int | None,
    end_day: int | None,
) -> None:
    phase = template.post_deployment[index]
    assert (phase.id, phase.recurrence, phase.start_day, phase.end_day) == (
        phase_id,
        recurrence,
        start_day,
        end_day,
    )


def test_daily_flag_only_on_freshness_task(template: Template) -> None:
    daily = [task.text for _, task in template.iter_tasks() if task.daily]
    assert daily == ["Verify feature freshness daily"]


def test_ids_are_unique_short_kebab_case(template: Template) -> None:
    ids = [c.id for c in template.categories]
    ids += [g.id for c in template.categories for g in c.groups]
    ids += [i.id for _, _, i in template.iter_items()]
    ids += [p.id for p in template.post_deployment]
    ids += [t.id for _, t in template.iter_tasks()]
    assert len(ids) == 8 + 25 + 129 + 3 + 15
    assert len(set(ids)) == len(ids)
    assert [i for i in ids if not KEBAB.fullmatch(i) or len(i) > 40] == []


def test_optional_items_are_the_conditional_ones(template: Template) -> None:
    optional = {i.text for _, _, i in template.iter_items() if i.optional}
    conditional = {
        i.text
        for _, _, i in template.iter_items()
        if any(marker in i.text for marker in CONDITIONAL_MARKERS) or i.text in CLOUD_SPECIFIC
    }
    assert optional == conditional
    assert len(optional) == 9


def test_optional_items_have_a_condition_and_are_advisory(template: Template) -> None:
    for _, _, item in template.iter_items():
        if item.optional:
            assert item.condition, item.id
            assert item.severity is Severity.ADVISORY, item.id


@pytest.mark.parametrize("text", CLOUD_SPECIFIC)
def test_cloud_specific_items_apply_to_azure_only(
    items_by_text: dict[str, Item], text: str
) -> None:
    assert items_by_text[text].condition == "Azure workspaces only"


def test_blocking_share_is_a_release_manager_majority(template: Template) -> None:
    severities = [i.severity for _, _, i in template.iter_items()]
    share = severities.count(Severity.BLOCKING) / len(severities)
    assert 0.55 <= share <= 0.65


@pytest.mark.parametrize(
    ("group_title", "section"),
    [
        ("Data Validation", MLTestSection.DATA),
        ("Model Validation", MLTestSection.MODEL),
        ("Real-time Serving", MLTestSection.INFRASTRUCTURE),
        ("Data Quality Monitoring", MLTestSection.MONITORING),
        ("Architecture Documentation", MLTestSection.INFRASTRUCTURE),
        ("Model Governance", MLTestSection.MODEL),
        ("Data Governance", MLTestSection.DATA),
    ],
)
def test_ml_test_sections(template: Template, group_title: str, section: MLTestSection) -> None:
    groups = {g.title: g for c in template.categories for g in c.groups}
    assert groups[group_title].ml_test_section is section


@pytest.mark.parametrize(
    ("item_text", "expected"),
    [
        ("Secrets stored in Azure Key Vault", 'scope="production"'),
        ("Databricks secret scopes configured", "Secrets stored in Azure Key Vault"),
        ("Data drift detection configured", "feature_drift_metrics"),
        ("Feature completeness tracked", "-- Feature Completeness Over Time"),
        ("Model accuracy tracked over time", "-- Model Accuracy Trend"),
        ("Latency p95/p99 tracked", "-- Prediction Latency"),
        ("Job success/failure alerts configured", "-- Job Success Rate"),
        ("Cost monitoring dashboards created", "-- Cost Monitoring"),
        ("Feature descriptions and metadata documented", "customer_total_spend_30d"),
        ("Error handling and retry logic implemented", 'send_alert(f"Feature validation failed'),
        ("Deployment logs captured and analyzed", "logger = logging.getLogger(__name__)"),
        ("Variables externalized for environment-specific config", "class FeatureStoreConfig"),
        ("Unit tests achieving >80% code coverage", "test_feature_validation_catches_invalid"),
        ("Performance benchmarks established", "broadcast(small_lookup_table)"),
        ("Feature tables created with proper primary keys", "Conflicting columns detected"),
        ("Feature tables created with proper primary keys", 'schema_evolution_mode="overwrite"'),
        ("Online store performance tested (< 10ms p99)", "lag_minutes"),
        ("Online store performance tested (< 10ms p99)", "Increase serving endpoint compute"),
        ("Cross-validation implemented for hyperparameter tuning", "Java heap space"),
        ("Cross-validation implemented for hyperparameter tuning", 'spark.driver.memory", "16g"'),
    ],
)
def test_seed_examples_are_attached_to_the_items_they_explain(
    items_by_text: dict[str, Item], item_text: str, expected: str
) -> None:
    guidance = items_by_text[item_text].guidance
    assert guidance is not None
    assert expected in guidance


def test_every_seed_code_block_is_attached_verbatim(template: Template) -> None:
    seed_text = SEED_COPY.read_text(encoding="utf-8")
    guidance = "\n".join(i.guidance or "" for _, _, i in template.iter_items())
    for lang, body in re.findall(r"```(\w*)\n(.*?)```", seed_text, flags=re.S):
        # Trailing whitespace is not kept in YAML; SQL blocks hold several queries.
        code = "\n".join(line.rstrip() for line in body.rstrip("\n").splitlines())
        pieces = code.split("\n\n-- ") if lang == "sql" else [code]
        for piece in pieces:
            assert piece.strip() in guidance, piece[:60]


def test_guidance_code_fences_name_a_language(template: Template) -> None:
    texts = [i.guidance for _, _, i in template.iter_items()]
    texts += [t.guidance for _, t in template.iter_tasks()]
    for text in filter(None, texts):
        fences = [line for line in text.splitlines() if line.startswith("```")]
        assert len(fences) % 2 == 0
        assert all(opening != "```" for opening in fences[::2]), text[:60]


REQUIRED_VARIABLES = [
    "catalog",
    "catalog_name_regex",
    "required_schemas",
    "warehouse_id",
    "feature_tables",
    "timeseries_feature_tables",
    "prediction_tables",
    "inference_tables",
    "model_names",
    "required_aliases",
    "experiment_paths",
    "kpi_metric_names",
    "endpoint_names",
    "online_tables",
    "online_store_name",
    "max_staleness_hours",
    "prod_job_names",
    "batch_job_names",
    "retraining_job_name",
    "deletion_job_name",
    "report_job_name",
    "pool_name_regex",
    "policy_names",
    "prod_cluster_regex",
    "secret_scopes",
    "keyvault_scope_name",
    "classification_tag_keys",
    "bundle_root_paths",
    "cloud",
    "account_id",
    "workspace_id",
]


def test_release_variables_are_declared(template: Template) -> None:
    assert set(REQUIRED_VARIABLES) <= template.variable_names
    assert "host" not in template.variable_names
    assert all(v.description and v.example for v in template.variables)


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("required_schemas", "raw,features,models,monitoring"),
        ("max_staleness_hours", "24"),
        ("required_aliases", "champion,challenger"),
        ("catalog_name_regex", "^prod_[a-z0-9_]+$"),
    ],
)
def test_variable_defaults(template: Template, name: str, default: str) -> None:
    variables = {v.name: v for v in template.variables}
    assert variables[name].default == default


# The content digest (the YAML data without `version`, comments ignored) of each released version
# of the shipped template. Issue 12: the go/no-go work added depends_on, signoffs and check
# parameters to version 1 without a bump, so releases made before it and after it both said
# "v1" and `release sync` reported "v1 -> v1".
VERSION_DIGESTS = {
    1: "8651dd87e502e795",  # 24bc37e, before the go/no-go round
    2: "38e81616d867cb30",  # dependencies, sign-off roles, check parameters
}


def test_every_change_to_the_shipped_template_bumps_its_version() -> None:
    import hashlib
    import json

    import yaml

    data = yaml.safe_load(TEMPLATE_PATH.read_text(encoding="utf-8"))
    version = data.pop("version")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    assert VERSION_DIGESTS.get(version) == digest[:16], (
        f"checklists/databricks-ml-production.yaml changed: bump its `version` to "
        f"{max(VERSION_DIGESTS) + 1} and add {{{max(VERSION_DIGESTS) + 1}: {digest[:16]!r}}} to "
        "VERSION_DIGESTS (a release records the version it was made from)"
    )
    assert version == max(VERSION_DIGESTS)
