"""Two production jobs may share one name. The batch job checks select jobs through
``selection.find_jobs``: every job with the name is checked and reported (facts keyed
``name (job id)``), so a fine job listed after a bad one does not hide it."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from tests.checks.conftest import RunCheck
from tracker.domain.enums import CheckOutcome
from tracker.fakeworkspace import FakeWorkspace, load_scenario

NAME = "churn-batch-inference"
BAD_ID = 150


def _two_jobs_one_name(fake: Callable[..., FakeWorkspace]) -> FakeWorkspace:
    """The compliant scenario plus, listed before the (fine) job 102, a bad job of the same name:
    paused schedule, no duration health rule, a task without retries or timeout."""
    scenario = load_scenario("compliant").model_copy(deep=True)
    jobs = scenario.resources.jobs
    good_at = next(i for i, j in enumerate(jobs) if j["settings"]["name"] == NAME)
    bad = copy.deepcopy(jobs[good_at])
    bad["job_id"] = BAD_ID
    settings = bad["settings"]
    settings["schedule"] = {**settings["schedule"], "pause_status": "PAUSED"}
    settings.pop("health", None)
    settings.pop("timeout_seconds", None)
    for task in settings["tasks"]:
        task.pop("max_retries", None)
        task.pop("timeout_seconds", None)
    jobs.insert(good_at, bad)
    return fake(scenario)


@pytest.mark.parametrize(
    ("check_id", "problem"),
    [
        ("batch_job_scheduled", "has schedule 0 0 4 * * ? PAUSED"),
        ("batch_job_duration_rules", "has no RUN_DURATION_SECONDS health rule"),
        ("batch_job_retries", "task score_customers: no retries and no timeout"),
    ],
)
def test_bad_job_sharing_a_name_with_a_fine_one_is_reported(
    run_check: RunCheck, fake: Callable[..., FakeWorkspace], check_id: str, problem: str
) -> None:
    result = run_check(check_id, _two_jobs_one_name(fake), batch_job_names=NAME)
    assert result.outcome is CheckOutcome.FAIL, result.message
    assert f"{NAME} ({BAD_ID}) {problem}" in result.message
    assert f"{NAME} (102)" not in result.message
    assert {j["job_id"] for j in result.facts["jobs"].values()} == {BAD_ID, 102}
    assert result.link and result.link.endswith("/jobs")
