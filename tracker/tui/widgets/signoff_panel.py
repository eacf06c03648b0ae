"""The sign-off panel: each required role, fresh / stale / missing, who signed and when; and
the release's waivers. Display only (the screen that holds it signs and decides)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.content import Content
from textual.widgets import Static

from tracker.domain.signoffs import RoleSignoff, SignoffState
from tracker.domain.waivers import Waiver

_STATE_STYLE = {
    SignoffState.FRESH: "bold $success",
    SignoffState.STALE: "bold $warning",
    SignoffState.MISSING: "bold $error",
}


def signoff_content(roles: Sequence[RoleSignoff]) -> Content:
    rows = [Content.styled("Sign-offs", "bold")]
    if not roles:
        rows.append(Content.styled("no roles required", "$text-muted"))
    for r in roles:
        so = r.signoff
        who = f"{so.signed_by}, {so.signed_at:%Y-%m-%d %H:%M}" if so else "—"
        hint = "  (blocking items changed: renew)" if r.state is SignoffState.STALE else ""
        rows.append(
            Content.assemble(
                (f"{r.state.value.upper():<8}", _STATE_STYLE[r.state]),
                " ",
                (f"{r.role.title} ({r.role.role})", "bold"),
                "  ",
                (who + hint, "$text-muted"),
            )
        )
    return Content("\n").join(rows)


def waiver_content(waivers: Sequence[Waiver], today: date) -> Content:
    rows = [Content.styled("Waivers", "bold")]
    if not waivers:
        rows.append(Content.styled("none", "$text-muted"))
    for w in waivers:
        label = w.label(today)
        style = {"approved": "$accent", "expired": "bold $error", "requested": "$warning"}.get(
            label, "$text-muted"
        )
        rows.append(
            Content.assemble(
                (f"#{w.id} {label.upper():<9}", style),
                " ",
                (w.item_key, "bold"),
                f"  until {w.expires_on}  approver @{w.approver}  ",
                (w.reason, "$text-muted"),
            )
        )
    return Content("\n").join(rows)


class SignoffPanel(Static):
    """Roles and their sign-off state (``show`` with a fresh status)."""

    def show(self, roles: Sequence[RoleSignoff]) -> None:
        self.update(signoff_content(roles))
