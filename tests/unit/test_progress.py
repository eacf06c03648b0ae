from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    FIXED_TODAY,
    make_check_result,
    make_evidence,
    make_item,
    make_sample_items,
)
from tracker.domain.enums import CheckOutcome, ItemStatus, MLTestSection, Severity
from tracker.domain.models import ReleaseItem
from tracker.domain.progress import (
    ItemFilter,
    Progress,
    category_progress,
    done_with_evidence,
    filter_items,
    group_progress,
    is_overdue,
    item_progress,
    item_tree,
    ml_test_score,
    open_blocking,
    owner_load,
    status_counts,
)

S = ItemStatus


def items_with(*statuses: ItemStatus, **overrides: object) -> list[ReleaseItem]:
    return [make_item(status=s, **overrides) for s in statuses]


# --- Progress --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), Progress(0, 0, 0, 0, 0, 0, 0)),
        ((S.TODO,), Progress(1, 0, 0, 0, 0, 0, 1)),
        ((S.DONE, S.NA), Progress(2, 2, 1, 1, 0, 0, 0)),
        (
            (S.DONE, S.DONE, S.IN_PROGRESS, S.BLOCKED, S.TODO),
            Progress(5, 2, 2, 0, 1, 1, 1),
        ),
    ],
)
def test_item_progress_counts(statuses: tuple[ItemStatus, ...], expected: Progress) -> None:
    assert item_progress(items_with(*statuses)) == expected


@pytest.mark.parametrize(
    ("progress", "percent", "fraction", "label"),
    [
        (Progress(0, 0, 0, 0, 0, 0, 0), 0.0, 0.0, "0/0"),
        (Progress(5, 3, 2, 1, 0, 0, 2), 60.0, 0.6, "3/5"),
        (Progress(4, 4, 4, 0, 0, 0, 0), 100.0, 1.0, "4/4"),
    ],
)
def test_progress_properties(
    progress: Progress, percent: float, fraction: float, label: str
) -> None:
    assert progress.percent == pytest.approx(percent)
    assert progress.fraction == pytest.approx(fraction)
    assert progress.label == label


def test_archived_items_are_excluded_everywhere() -> None:
    live = make_item(status=S.TODO, owner="ana")
    archived = make_item(status=S.TODO, owner="bo", archived=True)
    items = [live, archived]
    assert item_progress(items).total == 1
    assert status_counts(items)[S.TODO] == 1
    assert open_blocking(items) == [live]
    assert owner_load(items) == [("ana", 1)]
    assert [n.progress.total for n in category_progress(items)] == [1]
    assert [n.progress.total for n in group_progress(items)] == [1]
    assert filter_items(items, ItemFilter(), FIXED_TODAY) == [live]
    assert ml_test_score(items, frozenset({archived.key})).automated == 0


def test_status_counts_is_zero_filled() -> None:
    counts = status_counts(items_with(S.DONE, S.DONE))
    assert counts == {S.TODO: 0, S.IN_PROGRESS: 0, S.BLOCKED: 0, S.DONE: 2, S.NA: 0}


# --- categories and groups -------------------------------------------------------------------


def test_category_and_group_progress_follow_template_order() -> None:
    items = [
        make_item(
            position=3, category_key="b", category_title="B", group_key="b1", group_title="B1"
        ),
        make_item(
            position=1,
            category_key="a",
            category_title="A",
            group_key="a1",
            group_title="A1",
            status=S.DONE,
        ),
        make_item(
            position=2,
            category_key="a",
            category_title="A",
            group_key="a2",
            group_title="A2",
            severity=Severity.ADVISORY,
        ),
        make_item(
            position=4, category_key="b", category_title="B", group_key="b1", group_title="B1"
        ),
    ]
    cats = category_progress(items)
    assert [(c.key, c.title, c.progress.label, c.open_blocking) for c in cats] == [
        ("a", "A", "1/2", 0),
        ("b", "B", "0/2", 2),
    ]
    groups = group_progress(items)
    assert [(g.key, g.progress.label, g.open_blocking) for g in groups] == [
        ("a1", "1/1", 0),
        ("a2", "0/1", 0),
        ("b1", "0/2", 2),
    ]
    tree = item_tree(items)
    assert [(c.key, [g.key for g in c.groups]) for c in tree] == [
        ("a", ["a1", "a2"]),
        ("b", ["b1"]),
    ]
    assert [i.position for i in tree[1].items] == [3, 4]


@pytest.mark.parametrize(
    ("status", "severity", "is_listed"),
    [
        (S.TODO, Severity.BLOCKING, True),
        (S.IN_PROGRESS, Severity.BLOCKING, True),
        (S.BLOCKED, Severity.BLOCKING, True),
        (S.DONE, Severity.BLOCKING, False),
        (S.NA, Severity.BLOCKING, False),
        (S.TODO, Severity.ADVISORY, False),
    ],
)
def test_open_blocking(status: ItemStatus, severity: Severity, is_listed: bool) -> None:
    item = make_item(status=status, severity=severity)
    assert open_blocking([item]) == ([item] if is_listed else [])


def test_open_blocking_in_template_order() -> None:
    second = make_item(position=20)
    first = make_item(position=10)
    assert open_blocking([second, first]) == [first, second]


def test_owner_load_sorts_by_load_then_name() -> None:
    items = [
        make_item(owner="zoe"),
        make_item(owner="zoe"),
        make_item(owner="bo"),
        make_item(owner="Ana"),
        make_item(owner=None),
        make_item(owner="carl", status=S.DONE),
        make_item(owner="carl", status=S.NA),
    ]
    assert owner_load(items) == [("zoe", 2), ("Ana", 1), ("bo", 1), ("unassigned", 1)]


# --- ML Test Score ---------------------------------------------------------------------------


def _scored(
    key: str, section: MLTestSection, status: ItemStatus, evidence: bool = False
) -> ReleaseItem:
    return make_item(
        key=key,
        ml_section=section,
        status=status,
        evidence=(make_evidence(),) if evidence else (),
    )


@pytest.mark.parametrize(
    ("status", "evidence", "automated", "points"),
    [
        (S.TODO, False, False, 0.0),
        (S.DONE, False, False, 0.0),
        (S.DONE, True, False, 0.5),
        (S.IN_PROGRESS, True, False, 0.0),
        (S.TODO, False, True, 1.0),
        (S.DONE, True, True, 1.0),
        (S.NA, True, True, 0.0),
        (S.NA, True, False, 0.0),
    ],
)
def test_ml_test_score_points_per_item(
    status: ItemStatus, evidence: bool, automated: bool, points: float
) -> None:
    item = _scored("x", MLTestSection.DATA, status, evidence)
    score = ml_test_score([item], frozenset({"x"}) if automated else frozenset())
    assert score.sections[MLTestSection.DATA] == points
    assert score.automated == (1 if points == 1.0 else 0)
    assert score.manual == (1 if points == 0.5 else 0)


def test_ml_test_score_final_is_weakest_section() -> None:
    items = [
        _scored("d1", MLTestSection.DATA, S.DONE, evidence=True),
        _scored("d2", MLTestSection.DATA, S.DONE, evidence=True),
        _scored("m1", MLTestSection.MODEL, S.TODO),
        _scored("i1", MLTestSection.INFRASTRUCTURE, S.DONE, evidence=True),
        _scored("o1", MLTestSection.MONITORING, S.TODO),
        _scored("o2", MLTestSection.MONITORING, S.TODO),
    ]
    score = ml_test_score(items, frozenset({"m1", "o1", "o2"}))
    assert score.sections == {
        MLTestSection.DATA: 1.0,
        MLTestSection.MODEL: 1.0,
        MLTestSection.INFRASTRUCTURE: 0.5,
        MLTestSection.MONITORING: 2.0,
    }
    assert score.final == 0.5
    assert (score.manual, score.automated) == (3, 3)


def test_ml_test_score_always_has_all_sections() -> None:
    score = ml_test_score([])
    assert set(score.sections) == set(MLTestSection)
    assert score.final == 0.0


# --- overdue and filters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        (S.TODO, None, False),
        (S.TODO, date(2025, 3, 13), True),
        (S.TODO, FIXED_TODAY, False),
        (S.BLOCKED, date(2025, 1, 1), True),
        (S.DONE, date(2025, 1, 1), False),
        (S.NA, date(2025, 1, 1), False),
    ],
)
def test_is_overdue(status: ItemStatus, due: date | None, overdue: bool) -> None:
    assert is_overdue(make_item(status=status, due_date=due), FIXED_TODAY) is overdue


SAMPLE = make_sample_items()


@pytest.mark.parametrize(
    ("flt", "keys"),
    [
        (ItemFilter(), ["uc-catalog", "uc-schemas", "vnet", "secrets", "schema-validation"]),
        (ItemFilter(owner="ana"), ["uc-catalog", "schema-validation"]),
        (ItemFilter(owner="@ANA"), ["uc-catalog", "schema-validation"]),
        (ItemFilter(owner="unassigned"), ["vnet", "secrets"]),
        (
            ItemFilter(statuses=frozenset({S.BLOCKED, S.IN_PROGRESS})),
            ["uc-schemas", "schema-validation"],
        ),
        (ItemFilter(hide_closed=True), ["uc-schemas", "secrets", "schema-validation"]),
        (
            ItemFilter(hide_optional=True),
            ["uc-catalog", "uc-schemas", "secrets", "schema-validation"],
        ),
        (ItemFilter(overdue_only=True), ["uc-schemas"]),
        (ItemFilter(text="UNITY"), ["uc-catalog", "uc-schemas"]),
        (ItemFilter(text="vault"), ["secrets"]),
        (ItemFilter(text="platform team"), ["schema-validation"]),
        (ItemFilter(text="validation"), ["schema-validation"]),
        (ItemFilter(text="vnet"), ["vnet"]),
        (ItemFilter(text="nothing matches this"), []),
        (ItemFilter(owner="ana", hide_closed=True), ["schema-validation"]),
    ],
)
def test_filter_items(flt: ItemFilter, keys: list[str]) -> None:
    assert [i.key for i in filter_items(SAMPLE, flt, FIXED_TODAY)] == keys


def test_filter_blocking_only() -> None:
    blocking = make_item(severity=Severity.BLOCKING)
    advisory = make_item(severity=Severity.ADVISORY)
    assert filter_items([blocking, advisory], ItemFilter(blocking_only=True), FIXED_TODAY) == [
        blocking
    ]


@pytest.mark.parametrize(
    ("flt", "active", "description"),
    [
        (ItemFilter(), False, ""),
        (ItemFilter(text="   "), False, ""),
        (
            ItemFilter(
                owner="ana",
                statuses=frozenset({S.BLOCKED, S.TODO}),
                blocking_only=True,
                text="uc",
            ),
            True,
            "owner=@ana · status=todo,blocked · blocking · 'uc'",
        ),
        (ItemFilter(owner="@bo"), True, "owner=@bo"),
        (ItemFilter(owner="unassigned"), True, "owner=unassigned"),
        (ItemFilter(overdue_only=True, hide_optional=True), True, "overdue · no optional"),
        (ItemFilter(hide_closed=True), True, "open only"),
    ],
)
def test_filter_describe(flt: ItemFilter, active: bool, description: str) -> None:
    assert flt.is_active() is active
    assert flt.describe() == description


@given(
    st.lists(st.sampled_from(list(ItemStatus)), max_size=30),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_progress_invariants(statuses: list[ItemStatus], archived: list[bool]) -> None:
    items = [make_item(status=s, archived=a) for s, a in zip(statuses, archived, strict=False)]
    p = item_progress(items)
    assert p.total == p.closed + p.in_progress + p.blocked + p.todo
    assert p.closed == p.done + p.na
    assert 0.0 <= p.percent <= 100.0
    assert sum(n.progress.total for n in category_progress(items)) == p.total
    assert sum(n.progress.total for n in group_progress(items)) == p.total
    assert sum(status_counts(items).values()) == p.total
    assert sum(load for _, load in owner_load(items)) == p.total - p.closed
    assert len(filter_items(items, ItemFilter(), FIXED_TODAY)) == p.total


# Issue 9 "Evidence says Verified on failures": only a PASS newer than the latest FAIL counts.
@pytest.mark.parametrize(
    ("added_by", "latest", "counts"),
    [
        ("ana", None, True),  # manual evidence, never verified
        ("ana", CheckOutcome.PASS, True),
        ("ana", CheckOutcome.FAIL, False),  # drift: the check fails now
        ("ana", CheckOutcome.ERROR, True),  # could not tell: the manual proof stands
        ("ci (verifier)", CheckOutcome.PASS, True),
        ("ci (verifier)", CheckOutcome.FAIL, False),  # the PASS is older than the FAIL
        ("ci (verifier)", CheckOutcome.ERROR, False),  # verifier evidence needs the PASS
        ("ci (verifier)", None, False),
    ],
)
def test_done_with_evidence(added_by: str, latest: CheckOutcome | None, counts: bool) -> None:
    item = make_item(
        status=ItemStatus.DONE,
        evidence=(make_evidence(added_by=added_by),),
        latest_check=None if latest is None else make_check_result(outcome=latest),
    )
    assert done_with_evidence(item) is counts
    assert ml_test_score([item]).manual == int(counts)
