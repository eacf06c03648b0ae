"""Milestones and diff: a frozen record of a release (items, owners, evidence, latest
verification, sign-offs, waivers) and what changed between two records (pure).

A snapshot is plain JSON (``tracker.milestone/v1``) so it can be stored, exported and compared
with a later snapshot or with another release of the same template.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tracker.domain.models import ReleaseItem, ReleaseView
from tracker.domain.signoffs import RoleSignoff
from tracker.domain.waivers import Waiver

SCHEMA = "tracker.milestone/v1"
CLOSED_STATES = frozenset({"done", "na", "waived"})
MAX_MILESTONE_NAME = 100


def item_state(status: str, waived: bool) -> str:
    """``waived`` for an open item under a waiver in force, else its status."""
    return "waived" if waived else status


def _snapshot_item(i: ReleaseItem) -> dict[str, Any]:
    """One item as a milestone stores it."""
    check = i.latest_check
    return {
        "id": i.key,
        "text": i.text,
        "severity": i.severity.value,
        "state": item_state(i.status.value, i.waived),
        "na_reason": i.na_reason.value if i.na_reason else None,
        "waived_until": (i.waived_until.isoformat() if i.waived_until and i.waived else None),
        "owner": i.owner,
        "evidence": [e.url for e in i.evidence],
        "check": (
            {
                "outcome": check.outcome.value,
                "at": check.started_at.isoformat(),
                "message": check.message,
            }
            if check
            else None
        ),
        "depends_on": list(i.depends_on),
    }


def build_snapshot(
    view: ReleaseView,
    signoffs: Iterable[RoleSignoff],
    waivers: Iterable[Waiver],
    *,
    name: str,
    taken_at: datetime,
    taken_by: str,
) -> dict[str, Any]:
    """The release as it stands: what a milestone stores and what a diff compares."""
    r = view.release
    items = [_snapshot_item(i) for i in sorted(view.active_items, key=lambda i: i.position)]
    return {
        "schema": SCHEMA,
        "name": name,
        "release": r.name,
        "template": {"id": r.template_id, "version": r.template_version},
        "taken_at": taken_at.isoformat(),
        "taken_by": taken_by,
        "items": items,
        "signoffs": [
            {
                "role": s.role.role,
                "title": s.role.title,
                "state": s.state.value,
                "signed_by": s.signoff.signed_by if s.signoff else None,
                "signed_at": s.signoff.signed_at.isoformat() if s.signoff else None,
            }
            for s in signoffs
        ],
        "waivers": [
            {
                "id": w.id,
                "item": w.item_key,
                "state": w.state.value,
                "expires_on": w.expires_on.isoformat(),
                "approver": w.approver,
                "reason": w.reason,
                "control": w.control,
            }
            for w in waivers
        ],
    }


def snapshot_json(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between two snapshots for one item (or sign-off role)."""

    item: str
    kind: str  # regression | improvement | new | removed | owner | signoff
    before: str | None
    after: str | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    before: str  # label of the older side, e.g. "churn-q4@go-no-go"
    after: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == kind)

    @property
    def regressions(self) -> tuple[Change, ...]:
        return self.of_kind("regression")

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for c in self.changes:
            out[c.kind] += 1
        return out


KINDS = ("regression", "improvement", "new", "removed", "owner", "signoff")


def _outcome(item: Mapping[str, Any]) -> str | None:
    check = item.get("check")
    return check.get("outcome") if isinstance(check, dict) else None


def _state_change(key: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Change]:
    out: list[Change] = []
    text = str(b.get("text", ""))
    sa, sb = str(a.get("state")), str(b.get("state"))
    if sa != sb:
        closed_a, closed_b = sa in CLOSED_STATES, sb in CLOSED_STATES
        if closed_a and not closed_b:
            out.append(Change(key, "regression", sa, sb, text))
        elif closed_b and not closed_a:
            out.append(Change(key, "improvement", sa, sb, text))
    oa, ob = _outcome(a), _outcome(b)
    if oa != ob and ob is not None:
        if oa == "PASS" and ob != "PASS":
            out.append(Change(key, "regression", f"check {oa}", f"check {ob}", text))
        elif ob == "PASS" and oa is not None:
            out.append(Change(key, "improvement", f"check {oa}", f"check {ob}", text))
    if a.get("owner") != b.get("owner"):
        out.append(Change(key, "owner", a.get("owner"), b.get("owner"), text))
    return out


def diff_snapshots(
    before: Mapping[str, Any], after: Mapping[str, Any], *, before_label: str, after_label: str
) -> ReleaseDiff:
    """Regressions (closed -> open, PASS -> FAIL), improvements, new and removed items, owner
    changes and sign-off changes, in the order of the newer snapshot."""
    items_a = {i["id"]: i for i in before.get("items", [])}
    items_b = {i["id"]: i for i in after.get("items", [])}
    changes: list[Change] = []
    for key, b in items_b.items():
        a = items_a.get(key)
        if a is None:
            changes.append(Change(key, "new", None, str(b.get("state")), str(b.get("text", ""))))
        else:
            changes.extend(_state_change(key, a, b))
    for key, a in items_a.items():
        if key not in items_b:
            changes.append(
                Change(key, "removed", str(a.get("state")), None, str(a.get("text", "")))
            )
    roles_a = {s["role"]: s for s in before.get("signoffs", [])}
    for s in after.get("signoffs", []):
        old = roles_a.get(s["role"], {}).get("state")
        if old != s["state"]:
            changes.append(Change(s["role"], "signoff", old, s["state"], str(s.get("title", ""))))
    order = {k: n for n, k in enumerate(KINDS)}
    changes.sort(key=lambda c: order[c.kind])  # stable: template order within a kind
    return ReleaseDiff(before_label, after_label, tuple(changes))


# --- rendering -------------------------------------------------------------------------------

_TITLES = {
    "regression": "Regressions",
    "improvement": "Improvements",
    "new": "New items",
    "removed": "Removed items",
    "owner": "Owner changes",
    "signoff": "Sign-off changes",
}


def diff_to_dict(diff: ReleaseDiff) -> dict[str, Any]:
    return {
        "schema": "tracker.diff/v1",
        "before": diff.before,
        "after": diff.after,
        "counts": diff.counts,
        "changes": [
            {"item": c.item, "kind": c.kind, "before": c.before, "after": c.after, "text": c.text}
            for c in diff.changes
        ],
    }


_NOUNS = {
    "regression": ("regression", "regressions"),
    "improvement": ("improvement", "improvements"),
    "new": ("new item", "new items"),
    "removed": ("removed item", "removed items"),
    "owner": ("owner change", "owner changes"),
    "signoff": ("sign-off change", "sign-off changes"),
}


def summary_line(diff: ReleaseDiff) -> str:
    """e.g. ``r1@before -> r1: 1 regression, 3 sign-off changes``."""
    counts = diff.counts
    parts = [f"{counts[k]} {_NOUNS[k][counts[k] != 1]}" for k in KINDS if counts[k]]
    return f"{diff.before} -> {diff.after}: " + (", ".join(parts) if parts else "no changes")


def _md_cell(value: str | None) -> str:
    text = "-" if value is None else " ".join(str(value).split())
    for ch in "\\|`*_[]<>":
        text = text.replace(ch, "\\" + ch)
    return text


def diff_to_markdown(diff: ReleaseDiff, *, heading: str = "##") -> str:
    lines = [f"{heading} Changes from {_md_cell(diff.before)} to {_md_cell(diff.after)}", ""]
    if not diff.changes:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    for kind in KINDS:
        rows = diff.of_kind(kind)
        if not rows:
            continue
        lines += [f"{heading}# {_TITLES[kind]} ({len(rows)})", ""]
        lines += ["| Item | Before | After | Text |", "|---|---|---|---|"]
        lines += [
            f"| `{c.item}` | {_md_cell(c.before)} | {_md_cell(c.after)} | {_md_cell(c.text)} |"
            for c in rows
        ]
        lines.append("")
    return "\n".join(lines)
