"""The go/no-go part of exports: sign-offs and waivers as JSON fields and Markdown sections
(appended to ``tracker export`` and the retrospective), plus the diff to the previous release."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tracker.domain.export_md import escape_md_inline
from tracker.domain.signoffs import RoleSignoff
from tracker.domain.waivers import Waiver


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def gonogo_to_dict(
    signoffs: Sequence[RoleSignoff], waivers: Sequence[Waiver], today: date
) -> dict[str, Any]:
    """``signoffs`` and ``waivers`` fields of the JSON export (``tracker.release/v1``)."""
    return {
        "signoffs": [
            {
                "role": s.role.role,
                "title": s.role.title,
                "state": s.state.value,
                "signed_by": s.signoff.signed_by if s.signoff else None,
                "signed_at": _iso(s.signoff.signed_at) if s.signoff else None,
                "comment": s.signoff.comment if s.signoff else None,
            }
            for s in signoffs
        ],
        "waivers": [
            {
                "id": w.id,
                "item": w.item_key,
                "state": w.label(today),
                "reason": w.reason,
                "control": w.control,
                "approver": w.approver,
                "expires_on": w.expires_on.isoformat(),
                "requested_by": w.requested_by,
                "decided_by": w.decided_by,
            }
            for w in waivers
        ],
    }


def gonogo_to_markdown(
    signoffs: Sequence[RoleSignoff], waivers: Sequence[Waiver], today: date
) -> str:
    """``## Sign-offs`` and ``## Waivers`` sections."""
    lines = ["## Sign-offs", ""]
    if not signoffs:
        lines += ["No sign-off roles.", ""]
    else:
        lines += ["| Role | State | Signed by | At | Comment |", "|---|---|---|---|---|"]
        for s in signoffs:
            so = s.signoff
            lines.append(
                f"| {escape_md_inline(s.role.title)} (`{s.role.role}`) | **{s.state.value}** "
                f"| {escape_md_inline(so.signed_by) if so else '-'} "
                f"| {so.signed_at.strftime('%Y-%m-%d %H:%M') if so else '-'} "
                f"| {escape_md_inline(so.comment or '') if so else ''} |"
            )
        lines.append("")
    lines += ["## Waivers", ""]
    if not waivers:
        lines += ["No waivers.", ""]
    else:
        lines += [
            "| Item | State | Expires | Approver | Reason | Compensating control |",
            "|---|---|---|---|---|---|",
        ]
        for w in waivers:
            lines.append(
                f"| `{w.item_key}` | **{w.label(today)}** | {w.expires_on} "
                f"| @{escape_md_inline(w.approver)} | {escape_md_inline(w.reason)} "
                f"| {escape_md_inline(w.control)} |"
            )
        lines.append("")
    return "\n".join(lines)
