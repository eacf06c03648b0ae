"""Undo of sign-offs and waiver steps (issue 12, What to build 5: "undo where it makes sense"),
on SQLite and PostgreSQL. Before, a sign-off or a waiver step as the user's last change made
``undo`` refuse outright ("the last change (signoff) can't be undone")."""

from __future__ import annotations

from datetime import date

import pytest

from tests.services.conftest import ServiceFactory
from tests.services.dbutil import RELEASE, rows, unchanged
from tracker.domain.events import describe_event
from tracker.domain.waivers import WaiverAction, WaiverState
from tracker.errors import ConflictError

LOAD = "serving-load-testing"
LATER = date(2026, 12, 20)


def _state(svc: object, role: str) -> str:
    status = svc.signoffs.signoff_status(RELEASE)  # type: ignore[attr-defined]
    return str(next(r.state.value for r in status.roles if r.role.role == role))


def test_undo_a_sign_off_withdraws_it(make_svc: ServiceFactory, seeded_url: str) -> None:
    lead = make_svc("lead")
    lead.signoffs.sign_off(RELEASE, "ml-lead", "ok")
    assert _state(lead, "ml-lead") == "fresh"
    (undone,) = lead.undo.undo_last(RELEASE)
    assert undone.action == "signoff"
    assert _state(lead, "ml-lead") == "missing"
    got = rows(
        seeded_url,
        "SELECT actor, action, new_value IS NULL, undo_of IS NOT NULL FROM audit_event "
        "WHERE action LIKE 'signoff%' ORDER BY id",
    )
    assert got == [("lead", "signoff", False, False), ("lead", "signoff", True, True)]
    history = lead.items.release_history(RELEASE)
    assert describe_event(history[-1]).startswith("withdrew the sign-off ml-lead @ ")


def test_undo_a_revoke_brings_the_sign_off_back(make_svc: ServiceFactory) -> None:
    lead, rm = make_svc("lead"), make_svc("rm")
    lead.signoffs.sign_off(RELEASE, "ml-lead")
    rm.signoffs.revoke_signoff(RELEASE, "ml-lead")
    assert _state(rm, "ml-lead") == "missing"
    rm.undo.undo_last(RELEASE)
    status = rm.signoffs.signoff_status(RELEASE)
    back = next(r for r in status.roles if r.role.role == "ml-lead")
    assert back.state.value == "fresh" and back.signoff is not None
    assert back.signoff.signed_by == "lead"
    assert describe_event(rm.items.release_history(RELEASE)[-1]) == (
        "restored the sign-off of ml-lead by lead (undo)"
    )


def test_undo_a_revoke_is_refused_once_the_role_signed_again(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    lead, rm = make_svc("lead"), make_svc("rm")
    lead.signoffs.sign_off(RELEASE, "ml-lead")
    rm.signoffs.revoke_signoff(RELEASE, "ml-lead")
    make_svc("lead2").signoffs.sign_off(RELEASE, "ml-lead")
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match="'ml-lead' was signed again by lead2 since"):
        rm.undo.undo_last(RELEASE)
    check()


def test_undo_a_sign_off_someone_revoked_since_is_refused(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    lead, rm = make_svc("lead"), make_svc("rm")
    lead.signoffs.sign_off(RELEASE, "ml-lead")
    rm.signoffs.revoke_signoff(RELEASE, "ml-lead")
    check = unchanged(seeded_url)
    with pytest.raises(ConflictError, match="was revoked by rm since"):
        lead.undo.undo_last(RELEASE)
    check()


def test_undo_a_waiver_request_withdraws_it(make_svc: ServiceFactory) -> None:
    rm = make_svc("rm")
    w = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana", expires_on=LATER
    )
    rm.undo.undo_last(RELEASE)
    (after,) = rm.waivers.list_waivers(RELEASE)
    assert (after.id, after.state, after.decision_note) == (
        w.id,
        WaiverState.REVOKED,
        "request withdrawn (undo)",
    )
    assert describe_event(rm.items.release_history(RELEASE)[-1]) == (
        f"withdrew the waiver request #{w.id} on {LOAD} (undo)"
    )
    # and a new request is possible again
    rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana", expires_on=LATER
    )


def test_undo_an_approval_makes_the_waiver_requested_again(make_svc: ServiceFactory) -> None:
    rm, ana = make_svc("rm"), make_svc("ana")
    w = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana", expires_on=LATER
    )
    ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.APPROVE, "fine")
    assert ana.items.item(RELEASE, LOAD).waived
    ana.undo.undo_last(RELEASE)
    (after,) = ana.waivers.list_waivers(RELEASE)
    assert (after.state, after.decided_by, after.decision_note) == (
        WaiverState.REQUESTED,
        None,
        None,
    )
    assert not ana.items.item(RELEASE, LOAD).waived
    assert describe_event(ana.items.release_history(RELEASE)[-1]) == (
        f"undid the approval of waiver #{w.id} on {LOAD} (back to requested)"
    )
    # the approver can decide again
    ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.REJECT)


def test_undo_a_revoke_restores_the_approval(make_svc: ServiceFactory) -> None:
    rm, ana = make_svc("rm"), make_svc("ana")
    w = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana", expires_on=LATER
    )
    approved = ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.APPROVE, "fine")
    rm.waivers.decide_waiver(RELEASE, w.id, WaiverAction.REVOKE)
    assert not rm.items.item(RELEASE, LOAD).waived
    rm.undo.undo_last(RELEASE)
    (after,) = rm.waivers.list_waivers(RELEASE)
    assert (after.state, after.decided_by, after.decided_at, after.decision_note) == (
        WaiverState.APPROVED,
        "ana",
        approved.decided_at,
        "fine",
    )
    assert rm.items.item(RELEASE, LOAD).waived


def test_undo_an_approval_revoked_since_is_refused(
    make_svc: ServiceFactory, seeded_url: str
) -> None:
    rm, ana = make_svc("rm"), make_svc("ana")
    w = rm.waivers.request_waiver(
        RELEASE, LOAD, reason="no env", control="canary", approver="ana", expires_on=LATER
    )
    ana.waivers.decide_waiver(RELEASE, w.id, WaiverAction.APPROVE)
    rm.waivers.decide_waiver(RELEASE, w.id, WaiverAction.REVOKE)
    check = unchanged(seeded_url)
    with pytest.raises(
        ConflictError, match=f"can't undo the approval of waiver #{w.id}: it was revoked by rm"
    ):
        ana.undo.undo_last(RELEASE)
    check()
