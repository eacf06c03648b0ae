"""Audit events in plain words, for the history pane, ``tracker history`` and the retro."""

from __future__ import annotations

import json

from tracker.domain.conflicts import occurrence_label
from tracker.domain.models import AuditEvent

MAX_VALUE = 80
_UNDONE = {
    "waiver.approve": "approval",
    "waiver.reject": "rejection",
    "waiver.revoke": "revocation",
}


def _waiver_number(value: str | None) -> str:
    """``#12`` from a waiver event's value (``#12 approved: note``, ``#12 until ...``)."""
    return (value or "").split(" ", 1)[0]


def _waiver_state(value: str | None) -> str:
    """``approved`` from ``#12 approved: note``."""
    return (value or "").partition(": ")[0].split(" ")[-1]


def _short(value: str | None) -> str:
    text = " ".join((value or "").split())
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def evidence_text(value: str | None) -> str:
    """An audited evidence link (stored as JSON) as people read it: ``Title <url>``."""
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return _short(value)
    if not isinstance(data, dict):
        return _short(value)
    title, url = _short(str(data.get("title") or "")), str(data.get("url") or "")
    return f"{title} <{url}>" if title and title != url else f"<{url}>"


_evidence = evidence_text


def event_subject(e: AuditEvent) -> str:
    """What an event changed: an item key, a task occurrence as ``task (due date)``, or the
    release."""
    if e.item_key is None:
        return "the release"
    return occurrence_label(e.item_key, e.occurrence_due)


def describe_event(e: AuditEvent) -> str:
    """One plain-text sentence (callers escape it for Markdown), e.g. "marked uc-x done" or
    "marked verify-feature-freshness (2026-12-09) done"."""
    # Longer than 60 lines on purpose: one case per audit action, all in one table, so the
    # history pane, `tracker history` and the retrospective word every event the same way.
    item = event_subject(e)
    old, new = e.old_value, e.new_value
    match e.action:
        case "status":
            if new == "done":
                return f"marked {item} done"
            if new == "na":
                return f"marked {item} N/A"
            return f"moved {item} from {old or '-'} to {new or '-'}"
        case "na_reason":
            return (
                f"cleared the N/A reason of {item}"
                if new is None
                else f"gave {item} the N/A reason {_short(new)}"
            )
        case "owner":
            if new is None:
                return f"unassigned {item} (was @{old})"
            return f"assigned {item} to @{new}" + (f" (was @{old})" if old else "")
        case "due_date":
            return f"cleared the due date of {item}" if new is None else f"set {item} due on {new}"
        case "notes":
            return (
                f"cleared the notes of {item}"
                if not new
                else f"edited the notes of {item}: {_short(new)}"
            )
        # An undo swaps old and new: undoing an attach removes the link, and the reverse.
        case "evidence.add" if new is None:
            return f"removed evidence from {item} (undo): {_evidence(old)}"
        case "evidence.remove" if old is None:
            return f"restored evidence on {item} (undo): {_evidence(new)}"
        case "evidence.add":
            return f"attached evidence to {item}: {_evidence(new)}"
        case "evidence.remove":
            return f"removed evidence from {item}: {_evidence(old)}"
        case "owner.rename":
            return f"renamed owner @{old} to @{new} (earlier events name @{old})"
        case "skip_reason":
            return f"skipped {item}: {_short(new)}"
        case "release.create":
            return f"created the release from {new}"
        case "release.sync":
            return f"synced the release to its template {new} (from {old})"
        case "release.rename":
            return f"renamed the release from {_short(old)} to {_short(new)}"
        case "release.archive":
            return "archived the release"
        case "release.unarchive":
            return "unarchived the release"
        case "item.add":
            return f"template sync added {item}"
        case "item.archive":
            return f"template sync archived {item} (removed from the template)"
        case "item.restore":
            return f"template sync restored {item}"
        case "item.text":
            return f"template sync reworded {item}: {_short(new)}"
        case "variable":
            return f"set variable {_short(new)}"
        case "golive":
            return f"recorded go-live on {new}" + (f" (was {old})" if old else "")
        case "golive.forced":
            what = _short(old) if old else "blocking items open"
            return f"forced go-live ({what}): {_short(new)}"
        case "depends.add":
            return f"made {item} wait on {new}"
        case "depends.remove":
            return f"removed {item}'s dependency on {old}"
        # Undoing a sign-off or a waiver step swaps old and new too (services/undo_gonogo.py).
        case "signoff" if new is None:
            return f"withdrew the sign-off {_short(old)} (undo)"
        case "signoff.revoke" if old is None:
            return f"restored the sign-off of {_short(new)} (undo)"
        case "waiver.request" if new is None:
            return f"withdrew the waiver request {_waiver_number(old)} on {item} (undo)"
        case "waiver.approve" | "waiver.reject" | "waiver.revoke" if (
            _waiver_state(new) != e.action.split(".")[1] + "d"
        ):
            noun = _UNDONE[e.action]
            number, state = _waiver_number(old), _waiver_state(new)
            return f"undid the {noun} of waiver {number} on {item} (back to {state})"
        case "signoff":
            return f"signed off {_short(new)}"
        case "signoff.revoke":
            return f"revoked the sign-off of {_short(old)}"
        case "signoff.role.add":
            return f"required a sign-off from {new}"
        case "signoff.role.remove":
            return f"no longer requires a sign-off from {old}"
        case "waiver.request":
            return f"requested waiver {_short(new)} on {item}"
        case "waiver.approve" | "waiver.reject" | "waiver.revoke":
            number, _, note = (new or "").partition(": ")
            verb = e.action.split(".")[1]
            return f"{verb}d waiver {number.split(' ')[0]} on {item}" + (
                f": {_short(note)}" if note else ""
            )
        case "milestone":
            return f"froze milestone {_short(new)}"
        case "schedule":
            return f"scheduled post-deployment tasks: {new}"
        case "schedule.extend":
            return f"extended the monthly schedule by {new} occurrences"
        case "verify":
            return f"verified {item}: {new}"
    return f"changed {e.action} of {item}: {_short(old) or '-'} → {_short(new) or '-'}"
