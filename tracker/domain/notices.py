"""What ``tracker notify`` tells people: notices, grouped per owner, as text and as the payloads of
Slack, Microsoft Teams, a generic JSON webhook and e-mail. Pure.

A notice's ``key`` names the thing it is about (kind, release, subject); the service records
``(key, destination, day)`` so the same notice reaches a destination at most once a day.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from tracker.domain.enums import TaskStatus
from tracker.domain.models import Owner, ReleaseView, TaskOccurrence
from tracker.domain.signoffs import RoleSignoff, SignoffState
from tracker.domain.waivers import Waiver

UNASSIGNED = "(unassigned)"
JSON_SCHEMA = "tracker.notify/v1"
DEFAULT_WAIVER_DAYS = 7
"""A waiver expiring within this many days is announced."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class NoticeKind(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DRIFT = "drift"
    STALE_SIGNOFF = "stale_signoff"
    WAIVER_EXPIRING = "waiver_expiring"


KIND_LABELS = {
    NoticeKind.OVERDUE: "Overdue",
    NoticeKind.DUE_TODAY: "Due today",
    NoticeKind.DRIFT: "Drift (done, but the check now fails)",
    NoticeKind.STALE_SIGNOFF: "Stale sign-off",
    NoticeKind.WAIVER_EXPIRING: "Waiver about to expire",
}


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    release: str
    subject: str  # the task or item id
    text: str
    owner: str | None = None
    due_date: date | None = None
    detail: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.release}:{self.subject}"[:300]

    def line(self, today: date) -> str:
        when = ""
        if self.kind is NoticeKind.OVERDUE and self.due_date is not None:
            days = (today - self.due_date).days
            when = f" ({days} d overdue, due {self.due_date.isoformat()})"
        detail = f" — {self.detail}" if self.detail else ""
        return f"[{self.release}] {self.subject}: {self.text}{when}{detail}"


@dataclass(frozen=True, slots=True)
class OwnerDigest:
    """One owner's notices (``owner`` None: nobody owns them)."""

    owner: str | None
    name: str
    email: str | None
    notices: tuple[Notice, ...] = field(default_factory=tuple)


def inert(text: str) -> str:
    """Control and bidi-override characters made visible, so a message cannot hide or reorder."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def task_notices(tasks: Iterable[tuple[str, TaskOccurrence]], today: date) -> list[Notice]:
    """Open post-deployment task occurrences that are overdue or due today."""
    notices = []
    for release, occ in tasks:
        if occ.status is not TaskStatus.TODO or occ.due_date > today:
            continue
        kind = NoticeKind.DUE_TODAY if occ.due_date == today else NoticeKind.OVERDUE
        notices.append(
            Notice(
                kind=kind,
                release=release,
                subject=f"{occ.task_key}#{occ.seq}",
                text=occ.text,
                owner=occ.owner,
                due_date=occ.due_date,
                detail=occ.phase_title,
            )
        )
    return notices


def drift_notices(views: Iterable[ReleaseView]) -> list[Notice]:
    """Items ticked done whose latest automated check fails."""
    notices = []
    for view in views:
        for item in view.items:
            if item.archived or not item.drifted or item.latest_check is None:
                continue
            check = item.latest_check
            notices.append(
                Notice(
                    kind=NoticeKind.DRIFT,
                    release=view.release.name,
                    subject=item.key,
                    text=item.text,
                    owner=item.owner,
                    detail=f"{check.check_id} {check.outcome.value}: {check.message}",
                )
            )
    return notices


def signoff_notices(release: str, roles: Iterable[RoleSignoff]) -> list[Notice]:
    """Sign-offs the blocking items have changed under: the signer is asked to renew."""
    return [
        Notice(
            kind=NoticeKind.STALE_SIGNOFF,
            release=release,
            subject=r.role.role,
            text=f"{r.role.title} sign-off is stale: blocking items changed since, renew it",
            owner=r.signoff.signed_by,
            detail=f"signed {r.signoff.signed_at.date().isoformat()}",
        )
        for r in roles
        if r.state is SignoffState.STALE and r.signoff is not None
    ]


def waiver_notices(
    release: str,
    waivers: Iterable[Waiver],
    today: date,
    within_days: int,
    item_owners: Mapping[str, str | None],
) -> list[Notice]:
    """Approved waivers in force that expire within ``within_days``: the item reopens then."""
    notices = []
    for w in waivers:
        left = (w.expires_on - today).days
        if not w.in_force(today) or left > within_days:
            continue
        notices.append(
            Notice(
                kind=NoticeKind.WAIVER_EXPIRING,
                release=release,
                subject=f"{w.item_key}~waiver{w.id}",
                text=f"waiver for {w.item_key} expires {w.expires_on.isoformat()} "
                f"(in {left} d); the item reopens then",
                owner=item_owners.get(w.item_key) or w.requested_by,
                due_date=w.expires_on,
                detail=f"approved by {w.decided_by or w.approver}",
            )
        )
    return notices


def group_by_owner(notices: Iterable[Notice], owners: Mapping[str, Owner]) -> list[OwnerDigest]:
    """Owners in handle order, the unowned last; each owner's notices by kind, release, due
    date, subject."""
    buckets: dict[str | None, list[Notice]] = {}
    for notice in notices:
        buckets.setdefault(notice.owner, []).append(notice)
    order = list(NoticeKind)
    digests = []
    for handle in sorted(buckets, key=lambda h: (h is None, h or "")):
        found = owners.get(handle) if handle else None
        items = sorted(
            buckets[handle],
            key=lambda n: (order.index(n.kind), n.release, n.due_date or date.min, n.subject),
        )
        digests.append(
            OwnerDigest(
                owner=handle,
                name=found.name if found else (handle or UNASSIGNED),
                email=found.email if found else None,
                notices=tuple(items),
            )
        )
    return digests


def _sections(digest: OwnerDigest, today: date) -> list[tuple[str, list[str]]]:
    by_kind: dict[NoticeKind, list[str]] = {}
    for notice in digest.notices:
        by_kind.setdefault(notice.kind, []).append(inert(notice.line(today)))
    return [(KIND_LABELS[kind], lines) for kind, lines in by_kind.items()]


def owner_heading(digest: OwnerDigest) -> str:
    who = inert(digest.name)
    return (
        f"{who} (@{inert(digest.owner)})" if digest.owner and digest.name != digest.owner else who
    )


def digest_text(digest: OwnerDigest, today: date) -> str:
    lines = [f"{owner_heading(digest)}: {len(digest.notices)} notice(s)"]
    for label, entries in _sections(digest, today):
        lines.append(f"  {label}:")
        lines.extend(f"    - {entry}" for entry in entries)
    return "\n".join(lines)


def title(digests: Sequence[OwnerDigest], today: date) -> str:
    count = sum(len(d.notices) for d in digests)
    return f"tracker: {count} notice(s) for {len(digests)} owner(s) on {today.isoformat()}"


def _slack_escape(text: str) -> str:
    # Slack's three control characters: no <!channel> pings or forged links from user text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(digests: Sequence[OwnerDigest], today: date) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title(digests, today)[:150]}}
    ]
    for digest in digests:
        body = [f"*{_slack_escape(owner_heading(digest))}*"]
        for label, entries in _sections(digest, today):
            body.append(f"_{label}_")
            body.extend(f"• {_slack_escape(e)}" for e in entries)
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(body)[:3000]}}
        )
    return {"text": title(digests, today), "blocks": blocks[:50]}


def teams_payload(digests: Sequence[OwnerDigest], today: date) -> dict[str, Any]:
    """A MessageCard (accepted by Teams incoming webhooks and Workflows' webhook trigger)."""
    sections = []
    for digest in digests:
        text = []
        for label, entries in _sections(digest, today):
            text.append(f"**{label}**")
            text.extend(f"- {e}" for e in entries)
        sections.append({"activityTitle": owner_heading(digest), "text": "\n\n".join(text)})
    return {
        "@type": "MessageCard",
        "@context": "http://schema.org/extensions",
        "summary": title(digests, today),
        "title": title(digests, today),
        "sections": sections,
    }


def json_payload(digests: Sequence[OwnerDigest], today: date) -> dict[str, Any]:
    return {
        "schema": JSON_SCHEMA,
        "date": today.isoformat(),
        "owners": [
            {
                "owner": d.owner,
                "name": d.name,
                "notices": [
                    {
                        "kind": n.kind.value,
                        "release": n.release,
                        "subject": n.subject,
                        "text": n.text,
                        "due_date": n.due_date.isoformat() if n.due_date else None,
                        "detail": n.detail,
                    }
                    for n in d.notices
                ],
            }
            for d in digests
        ],
    }


def email_text(digests: Sequence[OwnerDigest], today: date) -> tuple[str, str]:
    """(subject, body) of one e-mail carrying ``digests``."""
    body = "\n\n".join(digest_text(d, today) for d in digests)
    return title(digests, today), body + "\n\n-- \nSent by tracker notify.\n"
