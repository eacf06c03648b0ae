"""How an item reads on the command line: its state in one line, its check state, its JSON."""

from __future__ import annotations

from datetime import datetime

from tracker.domain.models import ReleaseItem


def item_state(i: ReleaseItem) -> str:
    parts = [i.status.value]
    if i.na_reason:
        parts.append(f"({i.na_reason.value}: {i.na_note})")
    if i.owner:
        parts.append(f"@{i.owner}")
    if i.due_date:
        parts.append(f"due {i.due_date}")
    if i.evidence:
        parts.append(f"{len(i.evidence)} evidence")
    return " ".join(parts)


def flags(i: ReleaseItem, now: datetime) -> tuple[str, ...]:
    """Drift / stale / unverified as of ``now`` (the service's clock)."""
    from tracker.config import stale_after_days
    from tracker.domain.verification import item_flags

    return item_flags(i, now, stale_after_days()).labels


def check_state(i: ReleaseItem, now: datetime) -> str:
    """The latest check outcome plus the derived flags, e.g. "FAIL drift"."""
    if i.check is None:
        return ""
    outcome = i.latest_check.outcome.value if i.latest_check else "-"
    return " ".join((outcome, *flags(i, now)))


def item_dict(i: ReleaseItem, now: datetime) -> dict[str, object]:
    return {
        "id": i.key,
        "text": i.text,
        "category": i.category_title,
        "group": i.group_title,
        "severity": i.severity,
        "optional": i.optional,
        "condition": i.condition,
        "status": i.status,
        "na": {"reason": i.na_reason, "note": i.na_note} if i.na_reason else None,
        "owner": i.owner,
        "due_date": i.due_date,
        "notes": i.notes,
        "evidence": [
            {
                "id": e.id,
                "url": e.url,
                "title": e.title,
                "added_by": e.added_by,
                "added_at": e.added_at,
            }
            for e in i.evidence
        ],
        "check": i.check,
        "archived": i.archived,
        "latest_check": i.latest_check.outcome.value if i.latest_check else None,
        "verification_flags": list(flags(i, now)) if i.check else [],
        "depends_on": list(i.depends_on),
        "waiting_on": list(i.waiting_on),
        "waived_until": i.waived_until if i.waived else None,
        "waiver_expired": i.waiver_expired,
        "version": i.row_version,
        "updated_at": i.updated_at,
        "updated_by": i.updated_by,
    }
