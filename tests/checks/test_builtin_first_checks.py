"""The first built-in checks against the fake workspace: pass, fail, and the error mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

PASS, FAIL, ERROR, SKIPPED = (
    CheckOutcome.PASS,
    CheckOutcome.FAIL,
    CheckOutcome.ERROR,
    CheckOutcome.SKIPPED,
)

# (check id, params, words the message must contain)
CHECKS: list[tuple[str, dict[str, Any]]] = [
    ("uc_catalog_exists", {"catalog": "prod_ml"}),
    ("uc_domain_schemas", {"catalog": "prod_ml"}),
    ("uc_group_grants", {"catalog": "prod_ml"}),
    ("secret_scopes_configured", {"secret_scopes": "production"}),
    ("ip_access_lists_enabled", {}),
    ("serving_endpoint_ready", {"endpoint_names": "churn-prod"}),
    ("jobs_alert_on_failure", {"prod_job_names": "churn-feature-pipeline,churn-batch-inference"}),
]


@pytest.mark.parametrize(("check_id", "params"), CHECKS, ids=[c[0] for c in CHECKS])
def test_compliant_workspace_passes(
    run_check: RunCheck, check_id: str, params: dict[str, Any]
) -> None:
    result = run_check(check_id, "compliant", **params)
    assert result.outcome is PASS, result.message
    assert result.link and result.link.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(
    ("check_id", "params", "words"),
    [
        ("uc_catalog_exists", {"catalog": "prod_ml"}, ["alice@corp.com", "group"]),
        ("uc_domain_schemas", {"catalog": "prod_ml"}, ["monitoring"]),
        ("uc_group_grants", {"catalog": "prod_ml"}, ["alice@corp.com", "bob@corp.com"]),
        ("secret_scopes_configured", {"secret_scopes": "production"}, ["production", "no secrets"]),
        ("ip_access_lists_enabled", {}, ["not enabled"]),
        ("serving_endpoint_ready", {"endpoint_names": "churn-prod"}, ["churn-prod", "NOT_READY"]),
    ],
)
def test_non_compliant_workspace_fails(
    run_check: RunCheck, check_id: str, params: dict[str, Any], words: list[str]
) -> None:
    result = run_check(check_id, "non-compliant", **params)
    assert result.outcome is FAIL, result.message
    for word in words:
        assert word in result.message


def test_catalog_missing_and_naming(run_check: RunCheck) -> None:
    missing = run_check("uc_catalog_exists", "compliant", catalog="prod_nope")
    assert missing.outcome is FAIL and "prod_nope does not exist" in missing.message
    naming = run_check("uc_catalog_exists", "compliant", catalog="dev_ml")
    assert naming.outcome is FAIL and "naming convention" in naming.message
    system = run_check("uc_catalog_exists", "compliant", catalog="system", catalog_name_regex=".*")
    assert system.outcome is FAIL and "not a managed catalog" in system.message


def test_domain_schemas_custom_list(run_check: RunCheck) -> None:
    result = run_check(
        "uc_domain_schemas", "compliant", catalog="prod_ml", required_schemas="raw, gold"
    )
    assert result.outcome is FAIL and result.facts["missing"] == ["gold"]


def test_group_grants_break_glass_allowed(run_check: RunCheck) -> None:
    result = run_check(
        "uc_group_grants",
        "non-compliant",
        catalog="prod_ml",
        required_schemas="raw,features,models",  # non-compliant has no monitoring schema
        allowed_user_principals="alice@corp.com,bob@corp.com",
    )
    assert result.outcome is PASS, result.message


def test_secret_scope_missing_and_required_keys(run_check: RunCheck) -> None:
    missing = run_check("secret_scopes_configured", "compliant", secret_scopes="production,nope")
    assert missing.outcome is FAIL and "nope does not exist" in missing.message
    keys = run_check(
        "secret_scopes_configured",
        "compliant",
        secret_scopes="production",
        required_keys="crm-api-key,x-key",
    )
    assert keys.outcome is FAIL and "x-key" in keys.message


def test_key_vault_only_on_azure(run_check: RunCheck) -> None:
    aws = run_check("secrets_in_key_vault", "compliant")
    assert aws.outcome is SKIPPED and "azure" in aws.message and "aws" in aws.message
    azure = run_check("secrets_in_key_vault", "azure")
    assert azure.outcome is PASS and "kv-prod" in azure.message
    named = run_check("secrets_in_key_vault", "azure", keyvault_scope_name="production")
    assert named.outcome is FAIL and "DATABRICKS" in named.message
    # The release's `cloud` variable overrides what the workspace says.
    forced = run_check("secrets_in_key_vault", "compliant", cloud="azure")
    assert forced.outcome is PASS


def test_key_vault_missing_on_azure(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("azure").model_copy(deep=True)
    scenario.resources.secret_scopes = [
        s for s in scenario.resources.secret_scopes if s["name"] != "kv-prod"
    ]
    result = run_check("secrets_in_key_vault", fake(scenario))
    assert result.outcome is FAIL and "No Azure Key Vault" in result.message


def test_endpoint_missing(run_check: RunCheck) -> None:
    result = run_check("serving_endpoint_ready", "compliant", endpoint_names="churn-prod,ghost")
    assert result.outcome is FAIL and "ghost does not exist" in result.message


def test_jobs_without_failure_alert_fail(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    scenario = load_scenario("compliant").model_copy(deep=True)
    job = next(
        j for j in scenario.resources.jobs if j["settings"]["name"] == "churn-batch-inference"
    )
    job["settings"]["email_notifications"] = {"no_alert_for_skipped_runs": True}
    job["settings"].pop("webhook_notifications", None)
    result = run_check(
        "jobs_alert_on_failure",
        fake(scenario),
        prod_job_names="churn-feature-pipeline,churn-batch-inference,gone",
    )
    assert result.outcome is FAIL
    assert "churn-batch-inference" in result.message and "gone" in result.message
    assert result.facts["alerting"] == ["churn-feature-pipeline"]


def test_jobs_by_tag_and_bad_parameters(run_check: RunCheck) -> None:
    assert run_check("jobs_alert_on_failure", "compliant", prod_job_tag="env=prod").outcome is PASS
    none = run_check("jobs_alert_on_failure", "compliant", prod_job_tag="env=nowhere")
    assert none.outcome is FAIL and "No production job" in none.message
    neither = run_check("jobs_alert_on_failure", "compliant")
    assert neither.outcome is ERROR and "Bad parameter" in neither.message


def test_jobs_paged_lists_are_followed(run_check: RunCheck) -> None:
    result = run_check("jobs_alert_on_failure", "paged", prod_job_tag="env=prod")
    assert result.outcome is PASS
    assert len(result.facts["alerting"]) > 2  # the page size is 2


def test_schemas_paged(run_check: RunCheck) -> None:
    assert run_check("uc_domain_schemas", "paged", catalog="prod_ml").outcome is PASS


# --- error mapping through the real SDK -------------------------------------------------------


def test_non_admin_gets_error_naming_the_permission(run_check: RunCheck) -> None:
    result = run_check("ip_access_lists_enabled", "non-admin")
    assert result.outcome is ERROR
    assert "workspace admin" in result.message and "Only Admins" in result.message


def test_feature_disabled_is_skipped(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault(
        "GET /api/2.0/ip-access-lists",
        {
            "status": 404,
            "error_code": "FEATURE_DISABLED",
            "message": "IP access lists are not available in this pricing tier.",
        },
    )
    result = run_check("ip_access_lists_enabled", ws)
    assert result.outcome is SKIPPED and "pricing tier" in result.message


def test_throttled_then_success_passes(
    run_check: RunCheck, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DATABRICKS_RETRY_TIMEOUT", "10")
    assert run_check("uc_catalog_exists", "throttled", catalog="prod_ml").outcome is PASS


def test_throttled_forever_is_error(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace]
) -> None:
    ws = fake("compliant")
    ws.set_fault("GET /api/2.0/secrets/scopes/list", {"status": 429, "retry_after": 1})
    result = run_check("secret_scopes_configured", ws, secret_scopes="production")
    assert result.outcome is ERROR and "throttled" in result.message


def test_unreachable_is_error_quickly(run_check: RunCheck) -> None:
    import time

    t0 = time.monotonic()
    result = run_check("serving_endpoint_ready", "unreachable", endpoint_names="churn-prod")
    assert result.outcome is ERROR
    assert "unreachable" in result.message and "connection refused" in result.message
    assert time.monotonic() - t0 < 8
