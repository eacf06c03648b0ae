"""The runner: parameters from release variables, decisions without the workspace, concurrency."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from tests.checks.conftest import RunCheck, context_for
from tracker.checks.context import RunContext
from tracker.checks.model import CheckContext, CheckMeta, Param, Result
from tracker.checks.runner import BadParameter, CheckRun, CheckTarget, coerce_param, run_checks
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace


def _no_workspace() -> RunContext:
    raise AssertionError("the workspace must not be contacted")


def _one(
    check: dict[str, Any], variables: dict[str, str] | None = None, optional: bool = False
) -> Result:
    [run] = run_checks(
        [CheckTarget("item", check, variables or {}, optional=optional, release="rel-1")],
        _no_workspace,
    )
    return run.result


def test_unset_variable_is_a_bad_parameter_naming_the_fix() -> None:
    result = _one({"id": "uc_catalog_exists", "params": {"catalog": "${catalog}"}})
    assert result.outcome is CheckOutcome.ERROR
    assert result.message == (
        "Bad parameter: ${catalog} is not set (tracker release set-var rel-1 catalog=...)"
    )


def test_unset_variable_on_optional_item_is_skipped() -> None:
    result = _one({"id": "uc_catalog_exists", "params": {"catalog": "${catalog}"}}, optional=True)
    assert result.outcome is CheckOutcome.SKIPPED
    assert "Optional item" in result.message and "catalog=..." in result.message


def test_unset_optional_param_falls_back_to_default() -> None:
    # catalog_name_regex refers to an unset variable: the default applies, only `catalog` is needed.
    result = _one(
        {
            "id": "uc_catalog_exists",
            "params": {"catalog": "${catalog}", "catalog_name_regex": "${rx}"},
        }
    )
    assert result.message.startswith("Bad parameter: ${catalog} is not set")


def test_unknown_check_and_unknown_param() -> None:
    unknown = _one({"id": "uc_catalog_exist"})
    assert unknown.outcome is CheckOutcome.ERROR and "uc_catalog_exists" in unknown.message
    extra = _one({"id": "uc_catalog_exists", "params": {"catalog": "x", "colour": "red"}})
    assert extra.outcome is CheckOutcome.ERROR and "colour" in extra.message


def test_missing_required_param_and_bad_regex() -> None:
    missing = _one({"id": "uc_catalog_exists", "params": {}})
    assert missing.outcome is CheckOutcome.ERROR and "catalog is required" in missing.message
    bad = _one({"id": "uc_catalog_exists", "params": {"catalog": "x", "catalog_name_regex": "("}})
    assert bad.outcome is CheckOutcome.ERROR and "regular expression" in bad.message


@pytest.mark.parametrize(
    ("ptype", "raw", "value"),
    [
        ("list", "a, b,,c", ["a", "b", "c"]),
        ("list", ["a", " b "], ["a", "b"]),
        ("int", " 24 ", 24),
        ("float", "0.95", 0.95),
        ("bool", "False", False),
        ("bool", "yes", True),
        ("bool", True, True),
        ("regex", "^prod_", "^prod_"),
        ("str", " prod_ml ", "prod_ml"),
    ],
)
def test_coerce_param(ptype: Any, raw: Any, value: Any) -> None:
    assert coerce_param(Param("p", ptype, "d"), raw) == value


@pytest.mark.parametrize(
    ("ptype", "raw"), [("int", "many"), ("float", "x"), ("bool", "maybe"), ("regex", "[")]
)
def test_coerce_param_rejects(ptype: Any, raw: Any) -> None:
    with pytest.raises(BadParameter):
        coerce_param(Param("p", ptype, "d"), raw)


def test_variables_are_substituted(run_check: RunCheck) -> None:
    result = run_check(
        "uc_catalog_exists", "compliant", catalog="${catalog}", variables={"catalog": "prod_ml"}
    )
    assert result.outcome is CheckOutcome.PASS


def test_context_failure_errors_every_check_that_needs_it() -> None:
    def broken() -> RunContext:
        raise ValueError("validate: more than one authorization method configured: oauth and pat")

    runs = run_checks(
        [
            CheckTarget("a", {"id": "uc_catalog_exists", "params": {"catalog": "x"}}),
            CheckTarget(
                "b", {"id": "uc_catalog_exists", "params": {"catalog": "${c}"}}, optional=True
            ),
        ],
        broken,
    )
    assert [r.outcome for r in runs] == [CheckOutcome.ERROR, CheckOutcome.SKIPPED]
    assert "more than one authorization method" in runs[0].result.message


def test_results_in_target_order_with_progress(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant", latency_ms=30)
    seen: list[CheckRun] = []
    targets = [
        CheckTarget(f"i{n}", {"id": cid, "params": params})
        for n, (cid, params) in enumerate(
            [
                ("uc_group_grants", {"catalog": "prod_ml"}),  # slowest: many requests
                ("uc_catalog_exists", {"catalog": "prod_ml"}),
                ("nope", {}),
                ("ip_access_lists_enabled", {}),
            ]
        )
    ]
    runs = run_checks(targets, lambda: context_for(ws), parallel=4, on_result=seen.append)
    assert [r.item_key for r in runs] == ["i0", "i1", "i2", "i3"]
    assert len(seen) == 4 and {r.item_key for r in seen} == {"i0", "i1", "i2", "i3"}
    assert [r.outcome for r in runs] == [
        CheckOutcome.PASS,
        CheckOutcome.PASS,
        CheckOutcome.ERROR,
        CheckOutcome.PASS,
    ]
    assert all(r.duration_ms >= 0 and r.started_at.tzinfo is not None for r in runs)
    assert runs[0].title == "Access granted to groups, not individual users"


def test_parallel_is_faster_than_sequential(fake: Callable[..., FakeWorkspace]) -> None:
    ws = fake("compliant", latency_ms=100)
    ctx = context_for(ws)  # built once: the SDK import and host probe are not what we measure
    names = ["churn-feature-pipeline", "churn-batch-inference", "churn-retraining", "gdpr-deletion"]
    targets = [
        CheckTarget(n, {"id": "jobs_alert_on_failure", "params": {"prod_job_names": n}})
        for n in names
    ]
    t0 = time.perf_counter()
    run_checks(targets, lambda: RunContext.for_client(ctx.client), parallel=1)
    sequential = time.perf_counter() - t0
    t0 = time.perf_counter()
    runs = run_checks(targets, lambda: RunContext.for_client(ctx.client), parallel=4)
    parallel = time.perf_counter() - t0
    assert all(r.outcome is CheckOutcome.PASS for r in runs)
    assert parallel < sequential * 0.6, (parallel, sequential)


def test_check_returning_garbage_is_an_error(
    monkeypatch: pytest.MonkeyPatch, fake: Callable[..., FakeWorkspace]
) -> None:
    from tracker.checks import registry

    check = registry.get_check("ip_access_lists_enabled")
    fake_check = registry.Check(meta=check.meta, run=lambda ctx, params: "PASS")  # type: ignore[arg-type,return-value]
    monkeypatch.setattr(registry, "get_check", lambda _id: fake_check)
    ws = fake("compliant")
    [run] = run_checks(
        [CheckTarget("x", {"id": "ip_access_lists_enabled"})], lambda: context_for(ws)
    )
    assert run.outcome is CheckOutcome.ERROR and "not a Result" in run.result.message


def _fake_catalogue(monkeypatch: pytest.MonkeyPatch, runs: dict[str, Any]) -> None:
    """Checks ``runs`` (id -> run function) in place of the builtin catalogue."""
    from tracker.checks import registry

    def get_check(check_id: str) -> registry.Check:
        meta = CheckMeta(
            id=check_id,
            title=check_id,
            items=("item",),
            params=(Param("n", "int", "which one", required=False),),
            severity="low",
            permission="nothing",
            remediation="nothing",
            docs="https://example.com",
        )
        return registry.Check(meta=meta, run=runs[check_id])

    monkeypatch.setattr(registry, "get_check", get_check)


def test_waiting_checks_lend_their_permit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A check waiting for a resource another check is fetching gives its permit back: the other
    checks sharing it get to run meanwhile (waiting does not starve the pool), and never more
    than ``parallel`` checks do work at once."""
    parallel, sharing, own = 2, 6, 6
    lock = threading.Lock()
    active = peak = arrived = 0
    all_arrived = threading.Event()

    @contextmanager
    def working() -> Iterator[None]:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
        try:
            time.sleep(0.01)
            yield
        finally:
            with lock:
                active -= 1

    def fetch_shared() -> bool:
        with working():
            # Ends once every sharing check has reached the resource. With ``parallel`` permits
            # and the fetcher holding one, that needs the waiting checks to lend theirs.
            return all_arrived.wait(timeout=5)

    def shared(ctx: CheckContext, params: dict[str, Any]) -> Result:
        nonlocal arrived
        with working(), lock:
            arrived += 1
            if arrived == sharing:
                all_arrived.set()
        fetched = ctx.cached(("shared",), fetch_shared)
        with working():
            pass
        return (
            Result.passed("fetched", examined=["fetched"]) if fetched else Result.failed("starved")
        )

    def alone(ctx: CheckContext, params: dict[str, Any]) -> Result:
        def fetch() -> int:
            with working():
                return int(params["n"])

        own = f"own {ctx.cached(('own', params['n']), fetch)}"
        return Result.passed(own, examined=[own])

    _fake_catalogue(monkeypatch, {"shared": shared, "alone": alone})
    targets = [CheckTarget(f"s{n}", {"id": "shared"}) for n in range(sharing)] + [
        CheckTarget(f"a{n}", {"id": "alone", "params": {"n": n}}) for n in range(own)
    ]
    ctx = RunContext(object(), cloud="aws", host="https://adb-1.azuredatabricks.net")  # type: ignore[arg-type]
    runs = run_checks(targets, lambda: ctx, parallel=parallel)

    assert [r.result.message for r in runs] == ["fetched"] * sharing + [
        f"own {n}" for n in range(own)
    ]
    assert 1 <= peak <= parallel, peak
    assert ctx.fetches == 1 + own
