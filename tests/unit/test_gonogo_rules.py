"""Go/no-go rules (issue 12), pure and table-driven: dependency graph (cycles, waiting on,
"unblocks the most" order), template ``depends_on`` validation with file:line, sign-off digest
and staleness, the waiver state machine and expiry, progress with waivers, milestone diff, and
the injectable clock (``TRACKER_NOW``)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import FIXED_NOW, FIXED_TODAY, make_item
from tracker.domain.clock import FixedClock, SystemClock, clock_from_env
from tracker.domain.dependencies import (
    dependency_problem,
    find_cycle,
    unblock_order,
    unblocks,
    waiting_on,
    would_cycle,
)
from tracker.domain.enums import ItemStatus, NaReason, Severity
from tracker.domain.milestones import diff_snapshots, diff_to_markdown
from tracker.domain.models import ReleaseItem
from tracker.domain.progress import item_progress, open_blocking
from tracker.domain.signoffs import (
    Signoff,
    SignoffRole,
    SignoffState,
    blocking_digest,
    role_signoffs,
)
from tracker.domain.template_loader import parse_template
from tracker.domain.waivers import (
    Waiver,
    WaiverAction,
    WaiverState,
    apply_waivers,
    check_decider,
    check_request,
    expired_open,
    next_state,
)
from tracker.errors import ConfigError, TemplateError, ValidationError

# --- dependency graph (issue 12, "Order": scaling after endpoint creation) --------------------


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({}, None),
        ({"a": ["b"]}, None),
        ({"a": ["b"], "b": ["c"], "c": []}, None),
        ({"a": ["b", "c"], "b": ["c"]}, None),  # a diamond is not a cycle
        ({"a": ["a"]}, ["a", "a"]),
        ({"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ({"a": ["b"], "b": ["c"], "c": ["a"]}, ["a", "b", "c", "a"]),
        ({"x": ["y"], "a": ["b"], "b": ["c"], "c": ["b"]}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(graph: dict[str, list[str]], cycle: list[str] | None) -> None:
    assert find_cycle(graph) == cycle


def test_find_cycle_handles_a_long_chain_without_recursion() -> None:
    graph = {f"n{i}": [f"n{i + 1}"] for i in range(5000)}
    assert find_cycle(graph) is None
    graph["n5000"] = ["n0"]
    found = find_cycle(graph)
    assert found is not None and found[0] == found[-1]


@pytest.mark.parametrize(
    ("graph", "known", "problem"),
    [
        ({"a": ["b"]}, {"a", "b"}, None),
        ({"a": ["a"]}, {"a"}, "'a' depends on itself"),
        ({"a": ["zz"]}, {"a"}, "'a' depends on unknown item 'zz'"),
        ({"a": ["b"], "b": ["a"]}, {"a", "b"}, "dependency cycle: a -> b -> a"),
    ],
)
def test_dependency_problem(
    graph: dict[str, list[str]], known: set[str], problem: str | None
) -> None:
    assert dependency_problem(graph, known) == problem


def test_would_cycle_names_the_cycle_an_added_edge_closes() -> None:
    graph = {"scaling": ["endpoint"], "load-test": ["scaling"]}
    assert would_cycle(graph, "endpoint", "load-test") == [
        "endpoint",
        "load-test",
        "scaling",
        "endpoint",
    ]
    assert would_cycle(graph, "load-test", "endpoint") is None


def _items(**spec: tuple[ItemStatus, tuple[str, ...]]) -> list[ReleaseItem]:
    return [
        make_item(key=k, status=s, depends_on=deps, position=n)
        for n, (k, (s, deps)) in enumerate(spec.items())
    ]


def test_waiting_on_lists_only_open_known_dependencies() -> None:
    items = _items(
        endpoint=(ItemStatus.TODO, ()),
        catalog=(ItemStatus.DONE, ()),
        scaling=(ItemStatus.TODO, ("endpoint", "catalog", "gone")),
    )
    by_key = {i.key: i for i in items}
    assert waiting_on(by_key["scaling"], by_key) == ["endpoint"]


def test_unblock_order_puts_what_unblocks_the_most_first() -> None:
    """Issue 12: "the blocking list is ordered so that what unblocks the most comes first"."""
    items = _items(
        docs=(ItemStatus.TODO, ()),
        scaling=(ItemStatus.TODO, ("endpoint",)),
        endpoint=(ItemStatus.TODO, ()),
        load=(ItemStatus.TODO, ("scaling",)),
        health=(ItemStatus.DONE, ("endpoint",)),
    )
    graph = {i.key: i.depends_on for i in items if i.depends_on}
    assert unblocks(graph, "endpoint") == {"scaling", "load", "health"}
    # endpoint unblocks scaling + load (health is done already); scaling unblocks load
    assert [i.key for i in unblock_order(items)] == [
        "endpoint",
        "scaling",
        "docs",
        "load",
        "health",
    ]


# --- template depends_on: validation errors name file:line ------------------------------------

TEMPLATE = """\
id: t
version: 1
title: T
categories:
  - id: c
    title: C
    groups:
      - id: g
        title: G
        ml_test_section: infrastructure
        items:
          - id: endpoint
            text: Endpoint created
{endpoint_deps}          - id: scaling
            text: Scaling configured
            depends_on: [{scaling_deps}]
"""


@pytest.mark.parametrize(
    ("endpoint_deps", "scaling_deps", "message"),
    [
        ("", "endpoint", None),
        (
            "            depends_on: [scaling]\n",
            "endpoint",
            "x.yaml:14:26: categories.0.groups.0.items.0.depends_on.0: dependency cycle: "
            "endpoint -> scaling -> endpoint",
        ),
        (
            "",
            "scaling",
            "x.yaml:16:26: categories.0.groups.0.items.1.depends_on.0: item 'scaling' depends "
            "on itself",
        ),
        (
            "",
            "endpoint-x",
            "x.yaml:16:26: categories.0.groups.0.items.1.depends_on.0: depends on unknown item "
            "'endpoint-x'; did you mean 'endpoint'?",
        ),
        (
            "",
            "Not An Id",
            "x.yaml:16:26: categories.0.groups.0.items.1.depends_on.0: String should match "
            "pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'",
        ),
    ],
)
def test_template_depends_on_is_validated_with_file_line(
    endpoint_deps: str, scaling_deps: str, message: str | None
) -> None:
    text = TEMPLATE.format(endpoint_deps=endpoint_deps, scaling_deps=scaling_deps)
    if message is None:
        assert parse_template(text, "x.yaml").dependencies == {"scaling": ["endpoint"]}
        return
    with pytest.raises(TemplateError) as err:
        parse_template(text, "x.yaml")
    assert str(err.value) == message


def test_template_signoff_roles_are_unique() -> None:
    text = TEMPLATE.format(endpoint_deps="", scaling_deps="endpoint") + (
        "signoffs:\n  - role: ml-lead\n    title: ML lead\n  - role: ml-lead\n    title: Again\n"
    )
    with pytest.raises(TemplateError, match="sign-off role 'ml-lead' is declared twice"):
        parse_template(text, "x.yaml")


# --- sign-offs: digest and staleness ----------------------------------------------------------

ROLES = [SignoffRole("ml-lead", "ML lead", 0), SignoffRole("platform", "Platform", 1)]


def _signoff(role: str, digest: str, n: int = 1, **kw: Any) -> Signoff:
    return Signoff(
        id=n,
        role=role,
        signed_by="ana",
        signed_at=FIXED_NOW + timedelta(minutes=n),
        digest=digest,
        **kw,
    )


def test_blocking_digest_changes_with_blocking_states_only() -> None:
    blocking = make_item(key="b", status=ItemStatus.TODO)
    advisory = make_item(key="a", severity=Severity.ADVISORY)
    base = blocking_digest([blocking, advisory])
    assert base == blocking_digest([advisory, blocking])  # order does not matter
    assert base == blocking_digest(
        [blocking, make_item(key="a", severity=Severity.ADVISORY, status=ItemStatus.DONE)]
    )
    changed = [
        make_item(key="b", status=ItemStatus.DONE),
        make_item(key="b", status=ItemStatus.NA, na_reason=NaReason.OUT_OF_SCOPE),
        make_item(key="b", waived_until=date(2027, 1, 1)),
        make_item(key="b", archived=True),
    ]
    for other in changed:
        assert blocking_digest([other, advisory]) != base, other


@pytest.mark.parametrize(
    ("signoffs", "states"),
    [
        ([], [SignoffState.MISSING, SignoffState.MISSING]),
        ([_signoff("ml-lead", "D")], [SignoffState.FRESH, SignoffState.MISSING]),
        ([_signoff("ml-lead", "OLD")], [SignoffState.STALE, SignoffState.MISSING]),
        (  # renewing a stale sign-off makes it fresh again
            [_signoff("ml-lead", "OLD", 1), _signoff("ml-lead", "D", 2)],
            [SignoffState.FRESH, SignoffState.MISSING],
        ),
        (  # a revoked sign-off does not count; the one before it does
            [_signoff("platform", "D", 1), _signoff("platform", "D", 2, revoked_at=FIXED_NOW)],
            [SignoffState.MISSING, SignoffState.FRESH],
        ),
        (
            [_signoff("platform", "D", 1, revoked_at=FIXED_NOW)],
            [SignoffState.MISSING, SignoffState.MISSING],
        ),
        ([_signoff("unknown-role", "D")], [SignoffState.MISSING, SignoffState.MISSING]),
    ],
)
def test_role_signoffs(signoffs: list[Signoff], states: list[SignoffState]) -> None:
    assert [r.state for r in role_signoffs(ROLES, signoffs, "D")] == states


# --- waivers: state machine, who decides, request rules, expiry --------------------------------


def _waiver(state: WaiverState = WaiverState.APPROVED, **kw: Any) -> Waiver:
    fields: dict[str, Any] = dict(
        id=1,
        item_key="k",
        state=state,
        reason="r",
        control="c",
        approver="ana",
        expires_on=FIXED_TODAY + timedelta(days=10),
        requested_by="bo",
        requested_at=FIXED_NOW,
        decided_at=FIXED_NOW,
    )
    fields.update(kw)
    return Waiver(**fields)


W, A = WaiverState, WaiverAction


@pytest.mark.parametrize(
    ("state", "action", "result"),
    [
        (W.REQUESTED, A.APPROVE, W.APPROVED),
        (W.REQUESTED, A.REJECT, W.REJECTED),
        (W.REQUESTED, A.REVOKE, W.REVOKED),
        (W.APPROVED, A.REVOKE, W.REVOKED),
        (W.APPROVED, A.APPROVE, "the waiver is approved; it can't be approved"),
        (W.APPROVED, A.REJECT, "the waiver is approved; it can't be rejected"),
        (W.REJECTED, A.APPROVE, "the waiver is rejected; it can't be approved"),
        (W.REVOKED, A.REVOKE, "the waiver is revoked; it can't be revoked"),
    ],
)
def test_waiver_state_machine(state: WaiverState, action: WaiverAction, result: Any) -> None:
    if isinstance(result, WaiverState):
        assert next_state(state, action) is result
    else:
        with pytest.raises(ValidationError, match=result):
            next_state(state, action)


@pytest.mark.parametrize(
    ("action", "actor", "error"),
    [
        (A.APPROVE, "ana", None),
        (A.APPROVE, "@ANA", None),
        (A.APPROVE, "bo", "bo requested waiver 1 and can't approve it"),
        (A.REJECT, "cy", "waiver 1 names @ana as approver, not cy"),
        (A.REVOKE, "bo", None),
        (A.REVOKE, "ana", None),
        (A.REVOKE, "cy", "only the requester"),
    ],
)
def test_who_decides_a_waiver(action: WaiverAction, actor: str, error: str | None) -> None:
    w = _waiver(WaiverState.REQUESTED)
    if error is None:
        check_decider(w, action, actor)
    else:
        with pytest.raises(ValidationError, match=error):
            check_decider(w, action, actor)


TODAY = FIXED_TODAY


@pytest.mark.parametrize(
    ("item_status", "approver", "expires", "existing", "error"),
    [
        (ItemStatus.TODO, "ana", TODAY + timedelta(days=1), [], None),
        (ItemStatus.DONE, "ana", TODAY + timedelta(days=1), [], "nothing to waive"),
        (ItemStatus.TODO, "bo", TODAY + timedelta(days=1), [], "someone other than the requester"),
        (ItemStatus.TODO, "ana", TODAY, [], "must be after today"),
        (ItemStatus.TODO, "ana", TODAY + timedelta(days=367), [], "at most 366 days"),
        (
            ItemStatus.TODO,
            "ana",
            TODAY + timedelta(days=5),
            [_waiver(WaiverState.REQUESTED)],
            "already has waiver 1",
        ),
        (  # an expired or rejected waiver does not stand in the way of a new one
            ItemStatus.TODO,
            "ana",
            TODAY + timedelta(days=5),
            [_waiver(expires_on=TODAY), _waiver(WaiverState.REJECTED, id=2)],
            None,
        ),
    ],
)
def test_waiver_request_rules(
    item_status: ItemStatus,
    approver: str,
    expires: date,
    existing: list[Waiver],
    error: str | None,
) -> None:
    item = make_item(key="k", status=item_status)
    if error is None:
        check_request(item, approver, "bo", expires, TODAY, existing)
    else:
        with pytest.raises(ValidationError, match=error):
            check_request(item, approver, "bo", expires, TODAY, existing)


@pytest.mark.parametrize(
    ("days_to_expiry", "waived", "expired"),
    [(10, True, False), (1, True, False), (0, False, True), (-3, False, True)],
)
def test_an_approved_waiver_closes_the_item_until_its_expiry_date(
    days_to_expiry: int, waived: bool, expired: bool
) -> None:
    """Issue 12: approved + unexpired counts as closed; at expiry the item reopens, flagged."""
    expires = TODAY + timedelta(days=days_to_expiry)
    item = make_item(key="k")
    [out] = apply_waivers([item], [_waiver(expires_on=expires)], TODAY)
    assert out.waived is waived and out.is_open is not waived
    assert (out.waiver_expired == expires) is expired
    assert (expired_open([out]) == [out]) is expired
    assert (open_blocking([out]) == [out]) is not waived


@pytest.mark.parametrize("state", [W.REQUESTED, W.REJECTED, W.REVOKED])
def test_only_approved_waivers_count(state: WaiverState) -> None:
    [out] = apply_waivers([make_item(key="k")], [_waiver(state)], TODAY)
    assert out.is_open and not out.waived and out.waiver_expired is None


def test_a_newer_waiver_in_force_supersedes_an_expired_one() -> None:
    old = _waiver(id=1, expires_on=TODAY - timedelta(days=1), decided_at=FIXED_NOW)
    new = _waiver(id=2, expires_on=TODAY + timedelta(days=9), decided_at=FIXED_NOW + timedelta(1))
    [out] = apply_waivers([make_item(key="k")], [old, new], TODAY)
    assert out.waived and out.waiver_expired is None


def test_progress_counts_waived_items_as_closed_and_apart() -> None:
    items = [
        make_item(status=ItemStatus.DONE),
        make_item(status=ItemStatus.NA, na_reason=NaReason.OTHER),
        make_item(status=ItemStatus.TODO, waived_until=TODAY + timedelta(days=3)),
        make_item(status=ItemStatus.TODO),
    ]
    p = item_progress(items)
    assert (p.total, p.closed, p.done, p.na, p.waived, p.todo) == (4, 3, 1, 1, 1, 1)


# --- milestone diff ---------------------------------------------------------------------------


def _snap(*items: dict[str, Any], signoffs: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    return {"items": list(items), "signoffs": list(signoffs)}


def _it(
    key: str, state: str = "todo", owner: str | None = None, outcome: str | None = None
) -> dict[str, Any]:
    check = {"outcome": outcome, "at": "x", "message": "m"} if outcome else None
    return {"id": key, "text": f"T {key}", "state": state, "owner": owner, "check": check}


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        (_snap(_it("a")), _snap(_it("a")), []),
        (_snap(_it("a", "done")), _snap(_it("a", "todo")), [("a", "regression", "done", "todo")]),
        (
            _snap(_it("a", "waived")),
            _snap(_it("a", "todo")),
            [("a", "regression", "waived", "todo")],
        ),
        (_snap(_it("a", "todo")), _snap(_it("a", "na")), [("a", "improvement", "todo", "na")]),
        (_snap(_it("a", "todo")), _snap(_it("a", "blocked")), []),  # open -> open: no verdict
        (
            _snap(_it("a", "done", outcome="PASS")),
            _snap(_it("a", "done", outcome="FAIL")),
            [("a", "regression", "check PASS", "check FAIL")],
        ),
        (
            _snap(_it("a", outcome="FAIL")),
            _snap(_it("a", outcome="PASS")),
            [("a", "improvement", "check FAIL", "check PASS")],
        ),
        (_snap(_it("a")), _snap(_it("a"), _it("b")), [("b", "new", None, "todo")]),
        (_snap(_it("a"), _it("b", "done")), _snap(_it("a")), [("b", "removed", "done", None)]),
        (_snap(_it("a", owner="ana")), _snap(_it("a", owner="bo")), [("a", "owner", "ana", "bo")]),
        (
            _snap(signoffs=({"role": "sec", "state": "fresh"},)),
            _snap(signoffs=({"role": "sec", "state": "stale", "title": "Security"},)),
            [("sec", "signoff", "fresh", "stale")],
        ),
    ],
)
def test_diff_snapshots(
    before: dict[str, Any], after: dict[str, Any], changes: list[tuple[Any, ...]]
) -> None:
    diff = diff_snapshots(before, after, before_label="A", after_label="B")
    assert [(c.item, c.kind, c.before, c.after) for c in diff.changes] == changes


def test_diff_lists_regressions_first_and_renders_markdown() -> None:
    diff = diff_snapshots(
        _snap(_it("a", "todo"), _it("b", "done")),
        _snap(_it("a", "done"), _it("b", "todo")),
        before_label="r1@before",
        after_label="r1",
    )
    assert [c.kind for c in diff.changes] == ["regression", "improvement"]
    md = diff_to_markdown(diff)
    assert md.startswith("## Changes from r1@before to r1\n")
    assert "### Regressions (1)" in md and "| `b` | done | todo | T b |" in md


# --- the injectable clock ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TRACKER_NOW": "2027-01-10"}, datetime(2027, 1, 10, 9, 0, tzinfo=UTC)),
        ({"TRACKER_NOW": "2027-01-10T17:45:00Z"}, datetime(2027, 1, 10, 17, 45, tzinfo=UTC)),
        ({"TRACKER_NOW": "2027-01-10T17:45"}, datetime(2027, 1, 10, 17, 45, tzinfo=UTC)),
    ],
)
def test_tracker_now_freezes_the_clock(env: dict[str, str], expected: datetime) -> None:
    clock = clock_from_env(env)
    assert isinstance(clock, FixedClock) and clock.now() == expected


def test_without_tracker_now_the_clock_is_the_system_clock() -> None:
    assert isinstance(clock_from_env({}), SystemClock)


def test_a_bad_tracker_now_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="TRACKER_NOW='soon' is not an ISO date"):
        clock_from_env({"TRACKER_NOW": "soon"})


# --- diff properties (hypothesis) ---------------------------------------------------------------

_STATES = st.sampled_from(["todo", "in_progress", "blocked", "done", "na", "waived"])
_SNAPSHOTS = st.dictionaries(
    st.sampled_from([f"i{n}" for n in range(8)]),
    st.tuples(
        _STATES, st.sampled_from([None, "ana", "bo"]), st.sampled_from([None, "PASS", "FAIL"])
    ),
    max_size=8,
).map(lambda d: _snap(*(_it(k, s, o, c) for k, (s, o, c) in sorted(d.items()))))


@given(_SNAPSHOTS)
def test_a_snapshot_does_not_differ_from_itself(snap: dict[str, Any]) -> None:
    assert diff_snapshots(snap, snap, before_label="a", after_label="a").changes == ()


@given(_SNAPSHOTS, _SNAPSHOTS)
def test_diff_is_symmetric(a: dict[str, Any], b: dict[str, Any]) -> None:
    """A -> B's regressions are B -> A's improvements; new and removed swap."""
    ab = diff_snapshots(a, b, before_label="a", after_label="b")
    ba = diff_snapshots(b, a, before_label="b", after_label="a")

    def keyed(diff: Any, kind: str) -> set[tuple[str, str | None, str | None]]:
        return {(c.item, c.before, c.after) for c in diff.of_kind(kind)}

    assert keyed(ab, "regression") == {(i, y, x) for i, x, y in keyed(ba, "improvement")}
    assert {c.item for c in ab.of_kind("new")} == {c.item for c in ba.of_kind("removed")}
    assert len(ab.of_kind("owner")) == len(ba.of_kind("owner"))
