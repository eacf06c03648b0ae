"""Progress, blocking items, owner load, the ML Test Score and item filters: pure functions.

Every function takes release items in any order and ignores archived items (they keep their
history but are no longer part of the release's template). Results come back in template order,
which is the order of ``ReleaseItem.position``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tracker.domain.enums import CheckOutcome, ItemStatus, MLTestSection
from tracker.domain.models import ReleaseItem

UNASSIGNED = "unassigned"
"""The owner label of items nobody owns (``owner_load``, ``ItemFilter.owner``)."""


def percent(done: int, total: int) -> int:
    """The one rounding rule for every percentage the user sees (TUI, CLI, exports).

    Floor, then clamp partial progress to 1..99: 100% means everything is closed and 0% means
    nothing is, so 199/200 reads 99% and 2/129 reads 1%. ``total == 0`` is 0%.
    """
    if total <= 0 or done <= 0:
        return 0
    if done >= total:
        return 100
    return min(99, max(1, done * 100 // total))


def release_state(
    *, archived: bool, golive_date: date | None, open_blocking: int, today: date
) -> str:
    """Where a release stands, in one word or two: ``archived``, ``live`` (went live on or
    before today), ``go-live set`` (a future go-live date recorded), ``ready`` (no open blocking
    item) or ``in progress``."""
    if archived:
        return "archived"
    if golive_date is not None:
        return "live" if golive_date <= today else "go-live set"
    return "ready" if open_blocking == 0 else "in progress"


def _active(items: Iterable[ReleaseItem]) -> list[ReleaseItem]:
    return sorted((i for i in items if not i.archived), key=lambda i: i.position)


@dataclass(frozen=True, slots=True)
class Progress:
    """Counts of items by state. ``closed`` is done plus N/A plus waived (an approved, unexpired
    waiver); the open counts (``in_progress``, ``blocked``, ``todo``) leave waived items out."""

    total: int
    closed: int
    done: int
    na: int
    in_progress: int
    blocked: int
    todo: int
    waived: int = 0

    @property
    def fraction(self) -> float:
        return self.closed / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """Closed items as a whole percentage, by the one rule (``percent``)."""
        return percent(self.closed, self.total)

    @property
    def label(self) -> str:
        return f"{self.closed}/{self.total}"

    @property
    def open(self) -> int:
        return self.total - self.closed


def item_progress(items: Iterable[ReleaseItem]) -> Progress:
    active = [i for i in items if not i.archived]
    counts = status_counts(i for i in active if not i.waived)
    done, na = counts[ItemStatus.DONE], counts[ItemStatus.NA]
    waived = sum(1 for i in active if i.waived)
    return Progress(
        total=len(active),
        closed=done + na + waived,
        done=done,
        na=na,
        in_progress=counts[ItemStatus.IN_PROGRESS],
        blocked=counts[ItemStatus.BLOCKED],
        todo=counts[ItemStatus.TODO],
        waived=waived,
    )


@dataclass(frozen=True, slots=True)
class NodeProgress:
    """Progress of one category or group."""

    key: str
    title: str
    progress: Progress
    open_blocking: int


def _node_progress(items: Iterable[ReleaseItem], *, by_group: bool) -> list[NodeProgress]:
    buckets: dict[str, list[ReleaseItem]] = {}
    titles: dict[str, str] = {}
    for item in _active(items):
        key = item.group_key if by_group else item.category_key
        buckets.setdefault(key, []).append(item)
        titles.setdefault(key, item.group_title if by_group else item.category_title)
    return [
        NodeProgress(
            key=key,
            title=titles[key],
            progress=item_progress(members),
            open_blocking=sum(1 for i in members if i.is_open and i.is_blocking),
        )
        for key, members in buckets.items()
    ]


def category_progress(items: Iterable[ReleaseItem]) -> list[NodeProgress]:
    return _node_progress(items, by_group=False)


def group_progress(items: Iterable[ReleaseItem]) -> list[NodeProgress]:
    return _node_progress(items, by_group=True)


def open_blocking(items: Iterable[ReleaseItem]) -> list[ReleaseItem]:
    """Blocking items that are neither done nor N/A: what stands between a release and go-live."""
    return [i for i in _active(items) if i.is_open and i.is_blocking]


def status_counts(items: Iterable[ReleaseItem]) -> dict[ItemStatus, int]:
    counts = dict.fromkeys(ItemStatus, 0)
    for item in items:
        if not item.archived:
            counts[item.status] += 1
    return counts


def owner_load(items: Iterable[ReleaseItem]) -> list[tuple[str, int]]:
    """Open items per owner, most loaded first, then by name; unowned items count as ``unassigned``."""
    load: dict[str, int] = {}
    for item in _active(items):
        if item.is_open:
            owner = item.owner or UNASSIGNED
            load[owner] = load.get(owner, 0) + 1
    return sorted(load.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))


# --- template tree -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupNode:
    """A group of the checklist tree with its items, in template order."""

    key: str
    title: str
    ml_section: MLTestSection
    items: tuple[ReleaseItem, ...]


@dataclass(frozen=True, slots=True)
class CategoryNode:
    """A category of the checklist tree with its groups, in template order."""

    key: str
    title: str
    groups: tuple[GroupNode, ...]

    @property
    def items(self) -> tuple[ReleaseItem, ...]:
        return tuple(i for g in self.groups for i in g.items)


def item_tree(items: Iterable[ReleaseItem]) -> list[CategoryNode]:
    """Active items arranged as categories > groups > items, in template order."""
    categories: dict[str, tuple[str, dict[str, list[ReleaseItem]]]] = {}
    for item in _active(items):
        _, groups = categories.setdefault(item.category_key, (item.category_title, {}))
        groups.setdefault(item.group_key, []).append(item)
    return [
        CategoryNode(
            key=ckey,
            title=ctitle,
            groups=tuple(
                GroupNode(
                    key=gkey,
                    title=members[0].group_title,
                    ml_section=members[0].ml_section,
                    items=tuple(members),
                )
                for gkey, members in groups.items()
            ),
        )
        for ckey, (ctitle, groups) in categories.items()
    ]


# --- ML Test Score -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MLTestScore:
    """Breck et al. 2017: points per section; the final score is the weakest section."""

    sections: dict[MLTestSection, float]
    final: float
    manual: int
    automated: int


VERIFIER_SUFFIX = " (verifier)"  # ``added_by`` of evidence the verifier attached


def done_with_evidence(item: ReleaseItem) -> bool:
    """Done, with evidence that still stands: never when the item's latest check FAILED (a PASS
    counts only while it is newer than the latest FAIL), and evidence the verifier attached
    counts only while the latest check is that PASS (not an ERROR or a FAIL since)."""
    if item.status is not ItemStatus.DONE or not item.evidence:
        return False
    latest = item.latest_check
    if latest is not None and latest.outcome is CheckOutcome.FAIL:
        return False
    manual = [e for e in item.evidence if not e.added_by.endswith(VERIFIER_SUFFIX)]
    return bool(manual) or (latest is not None and latest.outcome is CheckOutcome.PASS)


def ml_test_score(
    items: Iterable[ReleaseItem], automated_item_keys: frozenset[str] = frozenset()
) -> MLTestScore:
    """Score the release as the ML Test Score does.

    An item earns 1 point when it is verified by an automated check (``automated_item_keys``:
    the caller decides what counts, e.g. passed in a scheduled run recently), ½ point when it is
    done with at least one piece of evidence (a manual test with documented results), else 0.
    N/A items earn nothing.
    """
    sections = dict.fromkeys(MLTestSection, 0.0)
    manual = automated = 0
    for item in _active(items):
        if item.status is ItemStatus.NA:
            continue
        if item.key in automated_item_keys:
            sections[item.ml_section] += 1.0
            automated += 1
        elif done_with_evidence(item):
            sections[item.ml_section] += 0.5
            manual += 1
    return MLTestScore(
        sections=sections, final=min(sections.values()), manual=manual, automated=automated
    )


# --- overdue and filters -------------------------------------------------------------------


def is_overdue(item: ReleaseItem, today: date) -> bool:
    return item.is_open and item.due_date is not None and item.due_date < today


def due_by_date(spec: str, today: date) -> date:
    """The last due date a ``--due`` filter keeps: ``overdue`` (before today), ``week`` (the
    next 7 days, overdue included) or an ISO date (due on or before it)."""
    from datetime import timedelta

    word = spec.strip().lower()
    if word == "overdue":
        return today - timedelta(days=1)
    if word == "week":
        return today + timedelta(days=7)
    try:
        return date.fromisoformat(spec.strip())
    except ValueError:
        raise ValueError(f"--due takes overdue, week or YYYY-MM-DD, not {spec!r}") from None


def is_due_by(item: ReleaseItem, last_day: date) -> bool:
    """Open, with a due date on or before ``last_day``."""
    return item.is_open and item.due_date is not None and item.due_date <= last_day


def _handle(owner: str) -> str:
    return owner.strip().removeprefix("@").casefold()


@dataclass(frozen=True, slots=True)
class ItemFilter:
    """What the checklist view shows. The default filter shows everything."""

    text: str = ""
    owner: str | None = None
    statuses: frozenset[ItemStatus] = frozenset()
    blocking_only: bool = False
    overdue_only: bool = False
    hide_optional: bool = False
    hide_closed: bool = False

    def is_active(self) -> bool:
        return bool(
            self.text.strip()
            or self.owner is not None
            or self.statuses
            or self.blocking_only
            or self.overdue_only
            or self.hide_optional
            or self.hide_closed
        )

    def describe(self) -> str:
        """A one-line summary, e.g. ``owner=@ana · status=todo,blocked · blocking · 'uc'``."""
        parts: list[str] = []
        if self.owner is not None:
            handle = self.owner.strip().removeprefix("@")
            parts.append(f"owner={handle}" if handle == UNASSIGNED else f"owner=@{handle}")
        if self.statuses:
            parts.append("status=" + ",".join(s.value for s in ItemStatus if s in self.statuses))
        if self.blocking_only:
            parts.append("blocking")
        if self.overdue_only:
            parts.append("overdue")
        if self.hide_optional:
            parts.append("no optional")
        if self.hide_closed:
            parts.append("open only")
        if self.text.strip():
            parts.append(repr(self.text.strip()))
        return " · ".join(parts)

    def matches(self, item: ReleaseItem, today: date) -> bool:
        if self.owner is not None:
            wanted = _handle(self.owner)
            if wanted == UNASSIGNED:
                if item.owner:
                    return False
            elif item.owner is None or _handle(item.owner) != wanted:
                return False
        if self.statuses and item.status not in self.statuses:
            return False
        if self.blocking_only and not item.is_blocking:
            return False
        if self.overdue_only and not is_overdue(item, today):
            return False
        if self.hide_optional and item.optional:
            return False
        if self.hide_closed and not item.is_open:
            return False
        needle = self.text.strip().casefold()
        if needle:
            haystack = (
                item.text,
                item.key,
                item.notes or "",
                item.group_title,
                item.category_title,
            )
            if not any(needle in field.casefold() for field in haystack):
                return False
        return True


def filter_items(items: Iterable[ReleaseItem], f: ItemFilter, today: date) -> list[ReleaseItem]:
    """Active items the filter keeps, in template order."""
    return [i for i in _active(items) if f.matches(i, today)]
