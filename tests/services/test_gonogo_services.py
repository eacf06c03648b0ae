"""Go/no-go services (issue 12) on SQLite and PostgreSQL: compare-and-set on sign-offs and
waivers, dependency edits (cycles refused, removals survive a template sync), sign-off roles per
release, the audit trail of every step, and the retrospective's diff to the previous release."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.services.conftest import ServiceFactory
from tests.services.dbutil import RELEASE, shipped_template
from tracker.domain.enums import ItemStatus
from tracker.domain.waivers import WaiverAction, WaiverState
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.services.tracker import TrackerService

ENDPOINT, SCALING, LOAD = (
    "serving-endpoint-created",
    "serving-endpoint-scaling",
    "serving-load-testing",
)


def test_template_dependencies_and_roles_are_copied_into_a_new_release(svc: TrackerService) -> None:
    deps = svc.dependencies.dependencies(RELEASE)
    assert deps[SCALING] == (ENDPOINT,) and deps[LOAD] == (SCALING,)
    assert [r.role.role for r in svc.signoffs.signoff_status(RELEASE).roles] == [
        "ml-lead",
        "platform",
        "security",
    ]
    assert [i.key for i in svc.dependencies.open_dependencies(RELEASE, LOAD)] == [SCALING]


def test_dependency_edits_refuse_cycles_and_duplicates_and_are_audited(
    svc: TrackerService,
) -> None:
    with pytest.raises(
        ValidationError, match=f"cycle: {ENDPOINT} -> {LOAD} -> {SCALING} -> {ENDPOINT}"
    ):
        svc.dependencies.add_dependency(RELEASE, ENDPOINT, LOAD)
    with pytest.raises(ValidationError, match="can't depend on itself"):
        svc.dependencies.add_dependency(RELEASE, ENDPOINT, ENDPOINT)
    with pytest.raises(ConflictError, match="already depends on"):
        svc.dependencies.add_dependency(RELEASE, SCALING, ENDPOINT)
    svc.dependencies.remove_dependency(RELEASE, SCALING, ENDPOINT)
    with pytest.raises(ConflictError, match="does not depend on"):
        svc.dependencies.remove_dependency(RELEASE, SCALING, ENDPOINT)
    # a template sync does not bring back what the release removed
    assert svc.release_changes.sync_release(RELEASE, shipped_template()).dependencies == []
    assert SCALING not in svc.dependencies.dependencies(RELEASE)
    svc.dependencies.add_dependency(RELEASE, SCALING, ENDPOINT)  # restored
    actions = [(e.action, e.item_key) for e in svc.items.release_history(RELEASE)]
    assert ("depends.remove", SCALING) in actions and ("depends.add", SCALING) in actions


def test_a_signoff_is_compare_and_set_against_the_digest_the_signer_saw(
    make_svc: ServiceFactory,
) -> None:
    lee, rm = make_svc("lee"), make_svc("rm")
    seen = lee.signoffs.signoff_status(RELEASE).digest
    rm.items.set_status(RELEASE, ENDPOINT, ItemStatus.IN_PROGRESS)  # meanwhile
    with pytest.raises(ConflictError, match="blocking items changed since you loaded them"):
        lee.signoffs.sign_off(RELEASE, "ml-lead", expected_digest=seen)
    assert lee.signoffs.signoff_status(RELEASE).roles[0].signoff is None  # nothing written
    fresh = lee.signoffs.sign_off(
        RELEASE, "ml-lead", expected_digest=lee.signoffs.signoff_status(RELEASE).digest
    )
    assert fresh.ok and fresh.signoff is not None and fresh.signoff.signed_by == "lee"


def test_revoke_and_roles_per_release(svc: TrackerService) -> None:
    with pytest.raises(ConflictError, match="no sign-off to revoke"):
        svc.signoffs.revoke_signoff(RELEASE, "security")
    with pytest.raises(
        NotFoundError, match="unknown sign-off role 'secruity'; did you mean 'security'"
    ):
        svc.signoffs.sign_off(RELEASE, "secruity")
    svc.signoffs.sign_off(RELEASE, "security", "pen test report attached")
    gone = svc.signoffs.revoke_signoff(RELEASE, "security")
    assert gone.revoked_by == "tester"
    assert svc.signoffs.signoff_status(RELEASE).roles[2].state.value == "missing"
    roles = svc.signoffs.edit_signoff_roles(
        RELEASE, add=(("legal", "Legal counsel"),), remove=("platform",)
    )
    assert [r.role for r in roles] == ["ml-lead", "security", "legal"]
    with pytest.raises(ConflictError, match="already required"):
        svc.signoffs.edit_signoff_roles(RELEASE, add=(("legal", None),))
    with pytest.raises(ValidationError, match="lower-case letters"):
        svc.signoffs.edit_signoff_roles(RELEASE, add=(("Legal Team", None),))
    actions = [e.action for e in svc.items.release_history(RELEASE)]
    for action in ("signoff", "signoff.revoke", "signoff.role.add", "signoff.role.remove"):
        assert action in actions


def test_a_waiver_decision_is_compare_and_set(make_svc: ServiceFactory) -> None:
    rm, ana, bo = make_svc("rm"), make_svc("ana"), make_svc("platform")
    w = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana",
        expires_on=date(2026, 12, 20),
    )  # fmt: skip
    assert w.state is WaiverState.REQUESTED and w.row_version == 1
    rm.waivers.decide_waiver(RELEASE, w.id, WaiverAction.REVOKE, "asked too early")
    with pytest.raises(ConflictError, match=f"waiver {w.id} changed since you loaded it"):
        ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.APPROVE, expected_version=1)
    with pytest.raises(ValidationError, match="the waiver is revoked; it can't be approved"):
        ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.APPROVE)
    w2 = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana",
        expires_on=date(2026, 12, 20),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="names @ana as approver, not platform"):
        bo.waivers.decide_waiver(RELEASE, w2.id, WaiverAction.APPROVE)
    assert (
        ana.waivers.decide_waiver(RELEASE, w2.id, WaiverAction.APPROVE).state
        is WaiverState.APPROVED
    )
    item = rm.items.item_by_key(rm.releases.get_release(RELEASE).id, LOAD)
    assert item.waived and not item.is_open
    actions = [(e.action, e.actor) for e in rm.items.release_history(RELEASE) if e.item_key == LOAD]
    assert ("waiver.request", "rm") in actions and ("waiver.revoke", "rm") in actions
    assert ("waiver.approve", "ana") in actions


def test_a_waiver_needs_an_open_item_an_owner_as_approver_and_text(svc: TrackerService) -> None:
    later = date(2026, 12, 20)
    with pytest.raises(NotFoundError, match="unknown owner 'nobody'"):
        svc.waivers.request_waiver(
            RELEASE, LOAD, reason="r", control="c", approver="nobody", expires_on=later
        )
    with pytest.raises(ValidationError, match="needs a compensating control"):
        svc.waivers.request_waiver(
            RELEASE, LOAD, reason="r", control=" ", approver="ana", expires_on=later
        )
    with pytest.raises(ValidationError, match="limit is 2000"):
        svc.waivers.request_waiver(
            RELEASE, LOAD, reason="r" * 2001, control="c", approver="ana", expires_on=later
        )
    svc.items.set_status(RELEASE, LOAD, ItemStatus.DONE)
    with pytest.raises(ValidationError, match="nothing to waive"):
        svc.waivers.request_waiver(
            RELEASE, LOAD, reason="r", control="c", approver="ana", expires_on=later
        )
    assert svc.waivers.list_waivers(RELEASE) == []


def test_milestone_names_are_unique_and_the_retro_has_the_diff_to_the_previous_release(
    svc: TrackerService,
) -> None:
    svc.milestones.create_milestone(RELEASE, "kick-off")
    with pytest.raises(ConflictError, match="already has a milestone 'kick-off'"):
        svc.milestones.create_milestone(RELEASE, "kick-off")
    with pytest.raises(ValidationError, match="without '@'"):
        svc.milestones.create_milestone(RELEASE, "a@b")
    assert "## Changes from" not in svc.exports.export(RELEASE, "retro")  # no earlier release
    svc.items.set_status(RELEASE, ENDPOINT, ItemStatus.DONE)
    svc.clock = svc.clock.advanced(timedelta(days=1))  # type: ignore[attr-defined]
    svc.releases.create_release("r2", shipped_template())
    assert svc.milestones.previous_release("r2") == RELEASE
    retro = svc.exports.export("r2", "retro")
    assert f"## Changes from {RELEASE} to r2" in retro
    assert "### Regressions (1)" in retro and f"| `{ENDPOINT}` | done | todo |" in retro
    assert "## Sign-offs" in retro and "## Waivers" in retro
