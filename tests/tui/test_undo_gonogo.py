"""``u`` in the app undoes a sign-off too (issue 12: undo where it makes sense), in a worker,
and says what it undid (not "signoff of None")."""

from __future__ import annotations

from tests.tui.conftest import RELEASE, settle, wait_until
from tracker.services.tracker import TrackerService
from tracker.tui.app import TrackerApp


def _ml_lead(svc: TrackerService) -> str:
    status = svc.signoffs.signoff_status(RELEASE)
    return next(r.state.value for r in status.roles if r.role.role == "ml-lead")


async def test_u_withdraws_the_users_last_sign_off(
    app: TrackerApp, seeded: TrackerService, other: TrackerService
) -> None:
    seeded.signoffs.sign_off(RELEASE, "ml-lead", "ok")  # as ana, the app's user
    assert _ml_lead(other) == "fresh"
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await wait_until(pilot, lambda: _ml_lead(other) == "missing")
        await wait_until(
            pilot,
            lambda: any(
                "Undone: signed off ml-lead @ " in str(n.message) for n in app._notifications
            ),
        )
