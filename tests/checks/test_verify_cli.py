"""``tracker verify`` / ``tracker gate`` end to end: CLI -> service -> runner -> real SDK -> fake."""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.checks.conftest import TEST_TOKEN
from tracker.cli import cli
from tracker.domain.enums import CheckOutcome, ItemStatus
from tracker.fakeworkspace import FakeWorkspace
from tracker.services.tracker import TrackerService

TEMPLATE = Path(__file__).parent / "data" / "verify-template.yaml"
VARS = [
    "catalog=prod_ml",
    "secret_scopes=production",
    "endpoint_names=churn-prod",
    "warehouse_id=abcdef0123456789",
]
CHECKED = [
    "uc-production-catalog",
    "uc-domain-schemas",
    "secrets-scopes-configured",
    "secrets-azure-key-vault",
    "serving-endpoint-created",
    "ops-job-success-rate",
]

Invoke = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def invoke(db: str) -> Invoke:
    def run(*args: str) -> Result:
        return CliRunner().invoke(
            cli, ["--db", db, "--as", "ci-bot", *args], catch_exceptions=False
        )

    return run


@pytest.fixture
def release(invoke: Invoke) -> str:
    args = ["release", "new", "r1", "--template", str(TEMPLATE)]
    for v in VARS:
        args += ["--var", v]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return "r1"


@pytest.fixture
def workspace(
    fake: Callable[..., FakeWorkspace], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str], FakeWorkspace]:
    """Point unified auth (DATABRICKS_HOST + DATABRICKS_TOKEN) at a fake of the given scenario."""

    def start(scenario: str) -> FakeWorkspace:
        ws = fake(scenario)
        monkeypatch.setenv("DATABRICKS_HOST", ws.url)
        return ws

    return start


def _service(db: str) -> TrackerService:
    svc: TrackerService = TrackerService.open(db, "tester")
    return svc


def test_compliant_release_verifies_with_exit_0(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str
) -> None:
    workspace("compliant")
    result = invoke("verify", release)
    assert result.exit_code == 0, result.output + result.stderr
    for key in CHECKED:
        assert key in result.stdout
    assert "uc-manual-only" not in result.stdout
    assert "6 check(s): 5 PASS, 1 SKIPPED" in result.stdout  # Key Vault: not on AWS
    svc = _service(db)
    history = svc.verification.check_history(release)
    assert len(history) == 6 and len({r.run_id for r in history}) == 1
    assert all(r.actor == "ci-bot" and not r.scheduled for r in history)
    item = svc.items.item(release, "uc-production-catalog")
    assert item.latest_check is not None and item.latest_check.outcome is CheckOutcome.PASS
    assert item.latest_check.duration_ms >= 0 and item.latest_check.facts["catalog"] == "prod_ml"
    assert [e.title for e in item.evidence] == [
        "Check passed: Production catalog exists with the naming convention"
    ]
    assert item.evidence[0].url.endswith("/explore/data/prod_ml")
    assert item.status is ItemStatus.TODO  # no --tick
    verify_events = [
        e for e in svc.items.item_history(release, "uc-production-catalog") if e.action == "verify"
    ]
    assert [(e.old_value, e.new_value, e.actor) for e in verify_events] == [
        (None, "PASS", "ci-bot (verifier)")
    ]


def test_second_run_does_not_duplicate_evidence(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str
) -> None:
    workspace("compliant")
    assert invoke("verify", release, "--item", "uc-production-catalog").exit_code == 0
    assert invoke("verify", release, "--item", "uc-production-catalog").exit_code == 0
    svc = _service(db)
    assert len(svc.items.item(release, "uc-production-catalog").evidence) == 1
    assert len(svc.verification.check_history(release, "uc-production-catalog")) == 2
    events = [
        e for e in svc.items.item_history(release, "uc-production-catalog") if e.action == "verify"
    ]
    assert [(e.old_value, e.new_value) for e in events] == [(None, "PASS"), ("PASS", "PASS")]


def test_failures_exit_1_and_json(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace]
) -> None:
    workspace("non-compliant")
    result = invoke("verify", release, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    outcomes = {r["item"]: r["outcome"] for r in data["results"]}
    assert outcomes["uc-production-catalog"] == "FAIL"
    assert outcomes["uc-domain-schemas"] == "FAIL"
    assert outcomes["ops-job-success-rate"] == "FAIL"
    assert data["exit_code"] == 1 and data["counts"]["FAIL"] >= 3
    assert "some checks failed" in result.stderr


def test_errors_without_failures_exit_3(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace]
) -> None:
    ws = workspace("compliant")
    ws.set_fault("GET /api/2.0/secrets/scopes/list", {"status": 403, "message": "no READ on scope"})
    result = invoke("verify", release)
    assert result.exit_code == 3, result.output
    assert "ERROR" in result.stdout and "could not be verified" in result.stderr


def test_unset_variable_is_an_error_naming_the_command(
    invoke: Invoke, workspace: Callable[[str], FakeWorkspace]
) -> None:
    workspace("compliant")
    assert invoke("release", "new", "bare", "--template", str(TEMPLATE)).exit_code == 0
    result = invoke("verify", "bare", "--item", "uc-production-catalog")
    assert result.exit_code == 3
    assert "tracker release set-var bare catalog=..." in result.stdout


def test_junit_report(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], tmp_path: Path
) -> None:
    workspace("non-compliant")
    report = tmp_path / "verify.xml"
    result = invoke("verify", release, "--junit", str(report))
    assert result.exit_code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "6" and int(suite.get("failures") or 0) >= 3
    cases = {c.get("name", "").split(":")[0]: c for c in suite.iter("testcase")}
    assert set(cases) == set(CHECKED)
    failure = cases["uc-domain-schemas"].find("failure")
    assert failure is not None and "monitoring" in (failure.get("message") or "")
    assert cases["secrets-azure-key-vault"].find("skipped") is not None


def test_tick_marks_only_passed_open_items(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str
) -> None:
    workspace("non-compliant")
    svc = _service(db)
    svc.items.set_status(release, "serving-endpoint-created", ItemStatus.IN_PROGRESS)
    result = invoke("verify", release, "--tick")
    assert result.exit_code == 1
    statuses = {i.key: i for i in svc.releases.release_view(release).items}
    for key, item in statuses.items():
        latest = item.latest_check
        if latest is not None and latest.outcome is CheckOutcome.PASS:
            assert item.status is ItemStatus.DONE and item.updated_by == "ci-bot (verifier)"
        elif key != "serving-endpoint-created":
            assert item.status is ItemStatus.TODO
    assert statuses["serving-endpoint-created"].status is ItemStatus.IN_PROGRESS


def test_tick_on_compliant_and_drift_afterwards(
    invoke: Invoke,
    release: str,
    workspace: Callable[[str], FakeWorkspace],
    db: str,
    fake: Callable[..., FakeWorkspace],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    workspace("compliant")
    result = invoke("verify", release, "--tick")
    assert result.exit_code == 0 and "ticked done" in result.stdout
    svc = _service(db)
    ticked = {
        i.key for i in svc.releases.release_view(release).items if i.status is ItemStatus.DONE
    }
    assert ticked == set(CHECKED) - {"secrets-azure-key-vault"}
    events = [
        e for e in svc.items.item_history(release, "uc-domain-schemas") if e.action == "status"
    ]
    assert [(e.old_value, e.new_value, e.actor) for e in events] == [
        ("todo", "done", "ci-bot (verifier)")
    ]
    # The workspace drifts: a ticked item's check now FAILs.
    workspace("non-compliant")
    assert invoke("verify", release).exit_code == 1
    flags = svc.verification.verification_flags(release)
    assert flags["uc-domain-schemas"].drift and not flags["uc-domain-schemas"].unverified
    assert (
        svc.items.item(release, "uc-domain-schemas").status is ItemStatus.DONE
    )  # manual status untouched


def test_profile_is_used_and_remembered(
    invoke: Invoke,
    release: str,
    fake: Callable[..., FakeWorkspace],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    db: str,
) -> None:
    ws = fake("compliant")
    cfg = tmp_path / "databrickscfg"
    cfg.write_text(f"[staging]\nhost = {ws.url}\ntoken = {TEST_TOKEN}\n")
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(cfg))
    monkeypatch.delenv("DATABRICKS_TOKEN")
    assert (
        invoke(
            "verify", release, "--item", "uc-production-catalog", "--profile", "staging"
        ).exit_code
        == 0
    )
    assert _service(db).releases.get_release(release).profile == "staging"
    assert invoke("verify", release, "--item", "uc-production-catalog").exit_code == 0  # remembered
    assert ws.request_count("/api/2.1/unity-catalog/catalogs/prod_ml") == 2


def test_no_credentials_is_an_error(
    invoke: Invoke, release: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABRICKS_TOKEN")
    result = invoke("verify", release, "--item", "uc-production-catalog")
    assert result.exit_code == 3
    # Issue 9 "Unreachable workspace": one line naming what was tried and what to do.
    [line] = result.stderr.splitlines()
    assert "cannot configure Databricks authentication" in line
    assert "--profile" in line and "databricks auth login" in line and "DATABRICKS_TOKEN" in line
    assert result.stdout == ""


def test_usage_errors_exit_2(invoke: Invoke, release: str) -> None:
    assert invoke("verify", release, "--item", "uc-manual-only").exit_code == 2
    assert invoke("verify", release, "--item", "no-such-item").exit_code == 2
    assert invoke("verify", "no-such-release").exit_code == 2
    assert invoke("verify", release, "--parallel", "0").exit_code == 2


def test_group_filter(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace]
) -> None:
    workspace("compliant")
    result = invoke("verify", release, "--group", "network-security", "--format", "json")
    assert result.exit_code == 0
    assert {r["item"] for r in json.loads(result.stdout)["results"]} == {
        "secrets-scopes-configured",
        "secrets-azure-key-vault",
    }


def test_token_never_stored_or_printed(
    invoke: Invoke,
    release: str,
    workspace: Callable[[str], FakeWorkspace],
    db: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    ws = workspace("non-admin")
    ws.set_fault(
        "GET /api/2.1/unity-catalog/schemas", {"status": 401, "message": "Invalid access token"}
    )
    report = tmp_path / "out.xml"
    outputs = [
        invoke("-vv", "verify", release, "--junit", str(report)),
        invoke("verify", release, "--format", "json"),
        invoke("gate", release, "--require-verified", "--format", "json"),
        invoke("export", release, "--format", "json"),
    ]
    assert {r.exit_code for r in outputs[:2]} == {3}
    secret = TEST_TOKEN.encode()
    db_file = Path(db.removeprefix("sqlite:///"))
    for path in [db_file, *db_file.parent.glob("tracker.db*"), report]:
        assert secret not in path.read_bytes(), path
    for r in outputs:
        assert TEST_TOKEN not in r.stdout and TEST_TOKEN not in r.stderr
    assert TEST_TOKEN not in caplog.text
    assert all(TEST_TOKEN not in str(r.headers) for r in ws.requests)


def test_gate(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str, tmp_path: Path
) -> None:
    result = invoke("gate", release)
    assert result.exit_code == 1 and "NO-GO" in result.stdout and "uc-manual-only" in result.stdout
    svc = _service(db)
    for item in svc.releases.release_view(release).items:
        if item.is_blocking:
            svc.items.set_status(release, item.key, ItemStatus.DONE)
    assert invoke("gate", release).exit_code == 0
    # Ticked by hand, never verified: --require-verified blocks the items that have checks.
    report = tmp_path / "gate.xml"
    result = invoke(
        "gate", release, "--require-verified", "--junit", str(report), "--format", "json"
    )
    assert result.exit_code == 1
    blockers = {b["item"]: b["reason"] for b in json.loads(result.stdout)["blockers"]}
    assert blockers["uc-production-catalog"] == "never verified"
    assert "uc-manual-only" not in blockers
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == str(len(blockers))
    workspace("compliant")
    assert invoke("verify", release).exit_code == 0
    assert invoke("gate", release, "--require-verified").exit_code == 0


def test_gate_require_verified_with_stale_and_failed_results(
    invoke: Invoke,
    release: str,
    workspace: Callable[[str], FakeWorkspace],
    db: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    svc = _service(db)
    for item in svc.releases.release_view(release).items:
        if item.is_blocking:
            svc.items.set_status(release, item.key, ItemStatus.DONE)
    workspace("non-compliant")
    invoke("verify", release)
    result = invoke("gate", release, "--require-verified", "--format", "json")
    reasons = {b["item"]: b["reason"] for b in json.loads(result.stdout)["blockers"]}
    assert reasons["uc-domain-schemas"].startswith("latest check FAIL")
    monkeypatch.setenv("TRACKER_STALE_DAYS", "0")
    workspace("compliant")
    invoke("verify", release)
    stale = invoke("gate", release, "--require-verified", "--format", "json")
    assert stale.exit_code == 1
    assert all("older than 0 days" in b["reason"] for b in json.loads(stale.stdout)["blockers"])


def test_scheduled_flag_is_stored(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str
) -> None:
    workspace("compliant")
    assert (
        invoke("verify", release, "--scheduled", "--item", "uc-production-catalog").exit_code == 0
    )
    [result] = _service(db).verification.check_history(release, "uc-production-catalog")
    assert result.scheduled


# Issue 9 "Unreachable workspace": one line, exit 3, nothing decided about a host never reached.


def test_refused_host_is_one_line_exit_3(
    invoke: Invoke, release: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", FakeWorkspace.closed_port_url())
    result = invoke("verify", release)
    assert result.exit_code == 3
    [line] = [line for line in result.stderr.splitlines() if line.strip()]
    assert "workspace not reached" in line and "connection refused" in line
    assert f"{len(CHECKED)} check(s) recorded as ERROR" in line
    assert result.stdout == ""


def test_nothing_is_decided_about_a_workspace_never_reached(
    invoke: Invoke, release: str, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABRICKS_HOST", FakeWorkspace.closed_port_url())
    assert invoke("verify", release).exit_code == 3
    results = {r.item_key: r for r in _service(db).verification.check_history(release)}
    assert set(results) == set(CHECKED)
    assert {r.outcome for r in results.values()} == {CheckOutcome.ERROR}
    assert len({r.message for r in results.values()}) == 1
    assert results["secrets-azure-key-vault"].outcome is CheckOutcome.ERROR  # was SKIPPED "aws"


def test_evidence_only_for_a_pass_and_never_twice(
    invoke: Invoke, release: str, workspace: Callable[[str], FakeWorkspace], db: str
) -> None:
    """Issue 9 "Evidence says Verified on failures": a FAIL or ERROR attaches nothing, a PASS
    attaches "Check passed: ..." once however often it runs, and a later FAIL takes the item out
    of "done with evidence"."""
    from tracker.domain.progress import done_with_evidence

    ws = workspace("non-compliant")
    assert invoke("verify", release, "--tick").exit_code == 1
    svc = _service(db)
    assert all(not svc.items.item(release, key).evidence for key in CHECKED)
    ws.stop()
    workspace("compliant")
    for _ in range(3):
        assert invoke("verify", release, "--tick").exit_code == 0
    item = _service(db).items.item(release, "uc-production-catalog")
    assert [e.title for e in item.evidence] == [
        "Check passed: Production catalog exists with the naming convention"
    ]
    assert item.status is ItemStatus.DONE and done_with_evidence(item)
    workspace("non-compliant")
    assert invoke("verify", release).exit_code == 1
    item = _service(db).items.item(release, "uc-production-catalog")
    assert len(item.evidence) == 1 and not done_with_evidence(item)


def test_release_show_flags_misconfigured_variables_before_and_after_a_run(
    invoke: Invoke, workspace: Callable[[str], FakeWorkspace]
) -> None:
    """Issue 9 "Misconfiguration shows before and after a run": empty, unused and invalid
    variables, then the regexes and names that matched nothing."""
    shipped = Path(__file__).resolve().parents[2] / "checklists" / "databricks-ml-production.yaml"
    args = ["release", "new", "r2", "--template", str(shipped)]
    for v in (
        "endpoint_names=,",
        "pool_name_regex=[unclosed",
        "prod_cluster_regex=^no-such-cluster$",
        "prod_job_tag=env=prod",
        "warehouse_id=abcdef0123456789",
    ):
        args += ["--var", v]
    assert invoke(*args).exit_code == 0
    before = invoke("release", "show", "r2").stdout
    assert "`endpoint_names` is empty" in before
    assert "`pool_name_regex` is not a valid regular expression" in before
    workspace("compliant")
    invoke("verify", "r2", "--item", "compute-photon")
    after = invoke("release", "show", "r2").stdout
    assert "`prod_cluster_regex` matched 0 clusters (compute-photon, last run)" in after
    as_json = json.loads(invoke("release", "show", "r2", "--format", "json").stdout)
    assert any("matched 0 clusters" in w for w in as_json["check_configuration"])
