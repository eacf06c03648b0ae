"""The retrospective export, rendered end to end from a hand-built release."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.factories import (
    make_check_result,
    make_event,
    make_evidence,
    make_item,
    make_owner,
    make_release,
    make_view,
)
from tracker.domain.enums import (
    CheckOutcome,
    ItemStatus,
    MLTestSection,
    NaReason,
    PhaseRecurrence,
    Severity,
    TaskStatus,
)
from tracker.domain.export_md import escape_md_inline
from tracker.domain.export_retro import SEED_MONTHLY_PROMPTS, release_to_retro_markdown
from tracker.domain.models import ReleaseView, TaskOccurrence
from tracker.domain.schedule import plan_occurrences
from tracker.domain.template import Phase, Task

NY = ZoneInfo("America/New_York")
GOLIVE = date(2026, 11, 2)
TARGET = date(2026, 10, 30)
TODAY = date(2026, 12, 10)
GENERATED = datetime(2026, 12, 10, 15, 0, tzinfo=UTC)
HOSTILE = "- [x] fake\n# heading\n<script>alert(1)</script>"

TASK_TEXTS = {
    "monitor-alerts": "Monitor all alerts (should be minimal)",
    "verify-feature-freshness": "Verify feature freshness daily",
    "check-prediction-quality": "Check model prediction quality",
    "review-cost-consumption": "Review cost consumption",
    "validate-backups": "Validate backup procedures",
    "analyze-bottlenecks": "Analyze performance bottlenecks",
    "optimize-slow-queries": "Optimize slow queries",
    "right-size-compute": "Right-size compute resources",
    "fine-tune-alerts": "Fine-tune alert thresholds",
    "document-learnings": "Document learnings",
    "review-incidents": "Review incident reports",
    "analyze-cost-trends": "Analyze cost trends",
    "update-documentation": "Update documentation",
    "team-retrospective": "Conduct team retrospective",
    "plan-enhancements": "Plan feature enhancements",
}
PHASES = [
    Phase(
        id="week-1-validation",
        title="Week 1: Validation",
        start_day=1,
        end_day=7,
        tasks=[
            Task(id=k, text=TASK_TEXTS[k], daily=k == "verify-feature-freshness")
            for k in list(TASK_TEXTS)[:5]
        ],
    ),
    Phase(
        id="weeks-2-4-optimization",
        title="Week 2-4: Optimization",
        start_day=8,
        end_day=28,
        tasks=[Task(id=k, text=TASK_TEXTS[k]) for k in list(TASK_TEXTS)[5:10]],
    ),
    Phase(
        id="monthly-review",
        title="Monthly: Review & Improve",
        recurrence=PhaseRecurrence.MONTHLY,
        tasks=[Task(id=k, text=TASK_TEXTS[k]) for k in list(TASK_TEXTS)[10:]],
    ),
]
TITLES = {p.id: p.title for p in PHASES}


def utc(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def occurrences() -> list[TaskOccurrence]:
    """The seed schedule from go-live, with realistic progress."""
    occs = [
        TaskOccurrence(
            id=n,
            task_key=p.task_key,
            phase_key=p.phase_key,
            phase_title=TITLES[p.phase_key],
            text=TASK_TEXTS[p.task_key],
            due_date=p.due_date,
            seq=p.seq,
            owner="ana",
        )
        for n, p in enumerate(plan_occurrences(PHASES, GOLIVE, TODAY), start=1)
    ]

    def done(o: TaskOccurrence, at: datetime, **kw: Any) -> TaskOccurrence:
        return replace(o, status=TaskStatus.DONE, completed_at=at, completed_by="ana", **kw)

    out: list[TaskOccurrence] = []
    for o in occs:
        if o.task_key == "verify-feature-freshness" and o.seq <= 5:
            # on the due date in New York, though UTC says the next day
            o = done(
                o, datetime(o.due_date.year, o.due_date.month, o.due_date.day, 23, 30, tzinfo=NY)
            )
        elif o.task_key == "verify-feature-freshness" and o.seq == 6:
            o = replace(o, status=TaskStatus.SKIPPED, skip_reason="public holiday")
        elif o.task_key == "monitor-alerts":
            o = done(
                o,
                utc(2026, 11, 12),
                notes="Two noisy alerts muted.\n" + HOSTILE,
                evidence=(
                    make_evidence(title="Alert dashboard", url="https://dbc.example/alerts"),
                ),
            )
        elif o.task_key == "verify-feature-freshness":
            pass  # day 7: open and overdue, missed
        elif o.phase_key == "week-1-validation":
            o = done(o, utc(2026, 11, 9))
        elif o.task_key == "document-learnings":
            pass  # open and overdue: missed
        elif o.phase_key == "weeks-2-4-optimization":
            o = done(o, utc(2026, 11, 28))
        elif o.task_key == "review-incidents" and o.seq == 1:
            o = done(o, utc(2026, 12, 2), notes="Two SEV3 incidents.\n" + HOSTILE)
        elif o.task_key == "team-retrospective" and o.seq == 1:
            o = replace(o, notes="Schedule with the platform team", owner="bo")
        out.append(o)
    return out


def realistic_view(**release_overrides: Any) -> ReleaseView:
    uc: dict[str, object] = {
        "category_key": "infra",
        "category_title": "Infrastructure & Security",
        "group_key": "uc",
        "group_title": "Unity Catalog Setup",
        "ml_section": MLTestSection.INFRASTRUCTURE,
    }
    mon: dict[str, object] = {
        "category_key": "monitoring",
        "category_title": "Monitoring | Alerting",
        "group_key": "drift",
        "group_title": "Drift",
        "ml_section": MLTestSection.MONITORING,
    }
    fail = make_check_result(
        item_key="uc-production-catalog",
        check_id="uc_catalog_exists",
        outcome=CheckOutcome.FAIL,
        message="catalog 'prod_ml' was not found",
        started_at=utc(2026, 12, 1, 9),
    )
    items = [
        make_item(
            key="uc-production-catalog",
            text="Production catalog created with proper naming convention",
            position=1,
            status=ItemStatus.DONE,
            owner="ana",
            due_date=date(2026, 10, 20),
            latest_check=fail,
            **uc,
        ),
        make_item(
            key="uc-schemas",
            text="Schemas organized by domain",
            position=2,
            status=ItemStatus.DONE,
            owner="bo",
            due_date=date(2026, 10, 28),
            **uc,
        ),
        make_item(
            key="vnet",
            text="VNet injection configured (if required)",
            position=3,
            optional=True,
            condition="if required",
            status=ItemStatus.NA,
            na_reason=NaReason.OUT_OF_SCOPE,
            na_note="single-tenant workspace",
            **uc,
        ),
        make_item(
            key="secrets",
            text="Secrets stored in Azure Key Vault",
            position=4,
            owner="bo",
            due_date=date(2026, 10, 29),
            **uc,
        ),
        make_item(
            key="drift-monitor",
            text="Drift monitor on the inference table",
            position=5,
            status=ItemStatus.BLOCKED,
            severity=Severity.ADVISORY,
            owner="ana",
            notes=HOSTILE,
            **mon,
        ),
        make_item(key="gone", text="Removed item", position=6, archived=True, **mon),
    ]
    events = [
        make_event(
            at=utc(2026, 10, 25, 18, 3),  # 14:03 in New York
            actor="ana",
            item_key="uc-production-catalog",
            old_value="todo",
            new_value="done",
        ),
        make_event(
            at=utc(2026, 10, 27, 15, 0),
            actor="bo",
            item_key="uc-schemas",
            old_value="in_progress",
            new_value="done",
        ),
        make_event(
            at=utc(2026, 10, 26, 9),
            actor="ana",
            action="notes",
            item_key="drift-monitor",
            old_value=None,
            new_value=HOSTILE,
        ),
        make_event(
            at=utc(2026, 11, 3, 3, 30),  # 22:30 on 2026-11-02 in New York
            actor="lead",
            action="golive",
            old_value=None,
            new_value="2026-11-02",
        ),
    ]
    history = (
        make_check_result(
            item_key="uc-production-catalog",
            outcome=CheckOutcome.PASS,
            started_at=utc(2026, 10, 25, 17),
        ),
        fail,
        make_check_result(
            item_key="uc-schemas",
            check_id="uc_schemas_exist",
            outcome=CheckOutcome.PASS,
            message="4 schemas found",
            started_at=utc(2026, 12, 1, 9),
        ),
    )
    release = make_release(
        name="churn-model 2026.11",
        template_id="databricks-ml-production",
        template_version=3,
        template_title="Databricks ML production readiness",
        environment="prod",
        target_date=TARGET,
        golive_date=GOLIVE,
        golive_forced_reason="Exec demo on Monday.\n" + HOSTILE,
    )
    release = replace(release, **release_overrides)
    return make_view(
        items,
        release=release,
        occurrences=tuple(occurrences()),
        events=tuple(events),
        check_history=history,
        owners=(make_owner(handle="ana", name="Ana Lima"), make_owner(handle="bo", name="Bo")),
    )


def render(view: ReleaseView, today: date = TODAY) -> str:
    return release_to_retro_markdown(view, today=today, tz=NY, generated_at=GENERATED)


def section(md: str, title: str) -> str:
    """The text of one ``## title`` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


@pytest.fixture(scope="module")
def md() -> str:
    return render(realistic_view())


def test_sections_in_order(md: str) -> None:
    headings = [line for line in md.splitlines() if line.startswith(("# ", "## "))]
    assert headings == [
        "# Retrospective: churn-model 2026.11",
        "## In short",
        "## Pre-production",
        "## Timeline",
        "## Post-deployment",
        "## Verification",
        "## Carry forward",
        "## Monthly: Review & Improve",
    ]
    assert md.endswith("\n") and not md.endswith("\n\n")
    assert render(realistic_view()) == md  # deterministic


def test_header(md: str) -> None:
    header = md.split("## Pre-production")[0]
    assert "Databricks ML production readiness (databricks-ml-production v3)" in header
    assert "**Environment:** prod" in header
    assert "**Target go-live:** 2026-10-30" in header
    assert "**Actual go-live:** 2026-11-02 (3 days late) — **forced**" in header
    assert "**Days live:** 38 days" in header
    assert "**Generated:** 2026-12-10 10:00 EST" in header


@pytest.mark.parametrize(
    ("overrides", "today", "expected"),
    [
        (
            {"golive_date": date(2026, 10, 28), "golive_forced_reason": None},
            TODAY,
            "(2 days early)",
        ),
        ({"golive_date": date(2026, 10, 31)}, TODAY, "(1 day late)"),
        ({"golive_date": TARGET}, TODAY, "(on target)"),
        ({"golive_date": None}, TODAY, "**Days live:** not live yet"),
        ({"golive_date": date(2026, 12, 20)}, TODAY, "**Days live:** goes live in 10 days"),
        ({"golive_date": TODAY}, TODAY, "**Days live:** 0 days"),
    ],
)
def test_header_golive_variants(overrides: dict[str, object], today: date, expected: str) -> None:
    md = render(realistic_view(**overrides), today)
    assert expected in md
    if overrides.get("golive_forced_reason", "x") is None:
        assert "forced" not in md


def test_preproduction(md: str) -> None:
    pre = section(md, "Pre-production")
    # the forced go-live is the first thing in the section, as a callout
    assert pre.lstrip().startswith("> **Go-live was forced**")
    assert "> Exec demo on Monday." in pre
    assert "**4/5 items closed** (2 done, 1 N/A); 1 open, 1 of them blocking." not in pre
    assert "**3/5 items closed** (2 done, 1 N/A); 2 open, 1 of them blocking." in pre
    assert "| Infrastructure & Security | 4 | 2 | 1 | 1 | 1 |" in pre
    assert "| Monitoring \\| Alerting | 1 | 0 | 0 | 1 | 0 |" in pre  # pipe escaped
    assert "Removed item" not in pre  # archived
    na = pre.split("### Not applicable")[1].split("###")[0]
    assert "VNet injection configured (if required)" in na
    assert "out of scope — single-tenant workspace" in na
    late = pre.split("### Finished late")[1]
    assert "Production catalog created with proper naming convention" in late
    assert "due 2026-10-20, done 2026-10-25 (5 days late), owner Ana Lima (ana)" in late
    assert "Schemas organized" not in late  # done before its due date


def test_timeline_grouped_by_local_day(md: str) -> None:
    timeline = section(md, "Timeline")
    days = re.findall(r"^### (\S+)$", timeline, re.M)
    assert days == ["2026-10-25", "2026-10-26", "2026-10-27", "2026-11-02"]
    assert "- 14:03 ana marked uc-production-catalog done" in timeline
    assert "- 11:00 bo marked uc-schemas done" in timeline
    # 03:30 UTC on Nov 3 is 22:30 on Nov 2 in New York
    assert "- 22:30 lead recorded go-live on 2026-11-02" in timeline.split("### 2026-11-02")[1]


def test_postdeployment(md: str) -> None:
    post = section(md, "Post-deployment")
    assert (
        "| Phase | Tasks | Done on time | Done late | Skipped | Missed | Open, not yet due |"
        in post
    )
    # week 1: 4 one-off (3 on time, monitor-alerts late) + 7 daily (5 on time, 1 skipped, 1 missed)
    assert "| Week 1: Validation | 11 | 8 | 1 | 1 | 1 | 0 |" in post
    # weeks 2-4: 4 done on time, "Document learnings" missed
    assert "| Week 2-4: Optimization | 5 | 4 | 0 | 0 | 1 | 0 |" in post
    # monthly: month 1 (Dec 2): 1 done on time, 4 missed; months 2..4 open, not yet due
    assert "| Monthly: Review & Improve | 20 | 1 | 0 | 0 | 4 | 15 |" in post
    # Why: "Notes are listed under Monthly: Review & Improve below" inside that same section.
    assert "### Monthly" not in post and "listed under" not in post
    week1 = post.split("### Week 1: Validation")[1].split("###")[0]
    assert (
        "**Monitor all alerts (should be minimal)** — due 2026-11-09, done 2026-11-12 "
        "(3 days late) by ana, owner Ana Lima (ana)"
    ) in week1
    assert "  - evidence: [Alert dashboard](https://dbc.example/alerts)" in week1
    assert "  > Two noisy alerts muted." in week1
    assert (
        "**Verify feature freshness daily** (day 6) — due 2026-11-08, skipped: public holiday"
        in week1
    )
    assert "(day 7) — due 2026-11-09, **missed**, 31 days overdue" in week1
    assert "(day 1)" not in week1  # on time, no notes: not listed
    weeks = post.split("### Week 2-4: Optimization")[1].split("###")[0]
    assert "**Document learnings** — due 2026-11-30, **missed**, 10 days overdue" in weeks


def test_verification_shows_drift(md: str) -> None:
    ver = section(md, "Verification")
    assert "**1 item drifted**" in ver
    assert (
        "- **DRIFT** **Production catalog created with proper naming convention** "
        "(uc-production-catalog): uc_catalog_exists failed 2026-12-01 04:00 — "
        "catalog 'prod_ml' was not found"
    ) in ver
    row = next(line for line in ver.splitlines() if line.startswith("| Production catalog"))
    assert "❌ FAIL **DRIFT**" in row and "| 2 (1/1) |" in row
    row = next(line for line in ver.splitlines() if line.startswith("| Schemas organized"))
    assert "✅ PASS" in row and "DRIFT" not in row


def test_carry_forward(md: str) -> None:
    carry = section(md, "Carry forward")
    items, tasks = carry.split("### Open post-deployment tasks")
    assert (
        "| Secrets stored in Azure Key Vault | Infrastructure & Security | To do | blocking "
        "| Bo (bo) | 2026-10-29 (42 days overdue) |"
    ) in items
    assert (
        "| Drift monitor on the inference table | Monitoring \\| Alerting | Blocked | advisory "
        "| Ana Lima (ana) | — |"
    ) in items
    assert "Production catalog" not in items and "VNet" not in items  # closed
    rows = [line for line in tasks.splitlines() if line.startswith("| **")]
    assert rows[:3] == [
        "| **Verify feature freshness daily** (day 7) | Week 1: Validation "
        "| 2026-11-09 (31 days overdue) | Ana Lima (ana) |",
        "| **Document learnings** | Week 2-4: Optimization | 2026-11-30 (10 days overdue) "
        "| Ana Lima (ana) |",
        "| **Analyze cost trends** (month 1) | Monthly: Review & Improve "
        "| 2026-12-02 (8 days overdue) | Ana Lima (ana) |",
    ]
    assert (
        "| **Conduct team retrospective** (month 1) | Monthly: Review & Improve "
        "| 2026-12-02 (8 days overdue) | Bo (bo) |"
    ) in rows
    # overdue ones, then only the next occurrence of each task: month 2, not months 3 and 4
    assert len(rows) == 2 + 4 + 5
    assert sum("(month 2)" in r for r in rows) == 5
    assert not any("(month 3)" in r or "(month 4)" in r for r in rows)


def test_monthly_prompts_with_notes(md: str) -> None:
    monthly = section(md, "Monthly: Review & Improve")
    assert re.findall(r"^### (.+)$", monthly, re.M) == list(SEED_MONTHLY_PROMPTS)
    review = monthly.split("### Review incident reports")[1].split("###")[0]
    assert "- month 1 — due 2026-12-02, done 2026-12-02 (on time) by ana" in review
    assert "  > Two SEV3 incidents." in review
    assert "Next due 2027-01-02 (month 2)." in review
    retro = monthly.split("### Conduct team retrospective")[1].split("###")[0]
    assert "**missed**" in retro and "  > Schedule with the platform team" in retro
    cost = monthly.split("### Analyze cost trends")[1].split("###")[0]
    assert "No notes yet." in cost


def test_hostile_text_is_escaped(md: str) -> None:
    assert "<script>" not in md
    assert "\\<script\\>" in md
    for line in md.splitlines():
        assert not re.match(r"^[\s>]*[-*+] \[[ xX]\]", line), line
        if line.startswith("#"):
            assert "heading" not in line, line
        assert not re.match(r"^[\s>]*#{1,6} heading", line), line
    assert "\\- [x] fake" in md
    assert "\\# heading" in md


def test_release_name_and_owner_names_are_escaped() -> None:
    view = realistic_view(name="# [x] <b>name</b>")
    view = replace(view, owners=(make_owner(handle="ana", name="Ana *bold* |"),))
    md = render(view)
    assert md.startswith("# Retrospective: \\# \\[x\\] \\<b\\>name\\</b\\>\n")
    assert "Ana \\*bold\\* \\| (ana)" in md


def test_release_not_live_yet() -> None:
    view = replace(
        realistic_view(golive_date=None, golive_forced_reason=None),
        occurrences=(),
        events=(),
        check_history=(),
    )
    view = replace(view, items=tuple(replace(i, latest_check=None) for i in view.items))
    md = render(view)
    assert "**Actual go-live:** not set" in md
    assert "No recorded changes." in section(md, "Timeline")
    assert "No post-deployment tasks yet (the release has not gone live)." in md
    assert "No automated checks were run." in section(md, "Verification")
    assert "Go-live was forced" not in md
    monthly = section(md, "Monthly: Review & Improve")
    assert [f"- **{escape_md_inline(p)}**" for p in SEED_MONTHLY_PROMPTS] == [
        line for line in monthly.splitlines() if line.startswith("- ")
    ]
    open_tasks = section(md, "Carry forward").split("### Open post-deployment tasks")[1]
    assert "None." in open_tasks


def test_monthly_phase_keys_can_be_given() -> None:
    view = realistic_view()
    renamed = tuple(
        replace(o, phase_key="review", phase_title="Review & Improve")
        if o.phase_key == "monthly-review"
        else o
        for o in view.occurrences
    )
    view = replace(view, occurrences=renamed)
    md = release_to_retro_markdown(
        view, today=TODAY, tz=NY, generated_at=GENERATED, monthly_phase_keys={"review"}
    )
    assert "- month 1 — due 2026-12-02" in section(md, "Monthly: Review & Improve")
    # without the hint the renamed phase is not recognised as monthly: the prompts are listed
    md = render(view)
    assert "No monthly occurrences yet." in section(md, "Monthly: Review & Improve")


# --- issue 11: a document a lead would circulate ---------------------------------------------


def test_a_phase_with_nothing_due_gets_no_summary() -> None:
    # Why: "'Everything on time' appears for a phase with nothing due yet".
    view = realistic_view()
    later = tuple(
        replace(o, status=TaskStatus.TODO, completed_at=None, completed_by=None, notes=None)
        if o.phase_title.startswith("Week 2")
        else o
        for o in view.occurrences
    )
    md = render(replace(view, occurrences=later), date(2026, 11, 5))
    post = section(md, "Post-deployment")
    assert "### Week 2-4: Optimization" not in post
    assert "Everything on time" not in md


def test_bulk_changes_read_as_one_line() -> None:
    # Why: "the timeline dumps every event (36 'assigned' lines from two bulk commands)".
    at = datetime(2026, 10, 20, 14, 0, 5, tzinfo=UTC)
    bulk = [
        make_event(at=at, actor="ana", action="owner", item_key=f"item-{n}", new_value="bo")
        for n in range(18)
    ]
    bulk += [
        make_event(at=at, actor="ana", action="status", item_key=f"item-{n}", new_value="na")
        for n in range(4)
    ] + [
        make_event(at=at, actor="ana", action="na_reason", item_key=f"item-{n}", new_value="x")
        for n in range(4)
    ]
    view = replace(realistic_view(), events=tuple(bulk))
    timeline = section(render(view), "Timeline")
    lines = [line for line in timeline.splitlines() if line.startswith("- ")]
    assert lines == [
        "- 10:00 ana assigned 18 items to bo: `item-0`, `item-1`, `item-2` and 15 more",
        "- 10:00 ana marked 4 items N/A: `item-0`, `item-1`, `item-2` and 1 more",
    ]


def test_evidence_undo_and_links_in_the_timeline() -> None:
    # Why: "an undo shows as 'attached evidence to …: <>'" and "timeline links are escaped".
    ev = '{"title": "Run 42", "url": "https://adb-123.azuredatabricks.net/run/42"}'
    at = datetime(2026, 10, 20, 14, 0, tzinfo=UTC)
    events = (
        make_event(at=at, action="evidence.add", item_key="uc-schemas", new_value=ev),
        make_event(
            at=at.replace(minute=5), action="evidence.add", item_key="uc-schemas", old_value=ev
        ),
    )
    timeline = section(render(replace(realistic_view(), events=events)), "Timeline")
    link = "[Run 42](https://adb-123.azuredatabricks.net/run/42)"
    assert f"- 10:00 ana attached evidence to uc-schemas: {link}" in timeline
    assert f"- 10:05 ana removed evidence from uc-schemas (undo): {link}" in timeline
    assert "<>" not in timeline and "&lt;" not in timeline and "\\-" not in timeline


def test_in_short_says_what_went_well_and_what_to_carry_forward(md: str) -> None:
    short = section(md, "In short")
    well, carry = short.split("### What to carry forward")
    assert "- 1 of 2 automated checks pass." in well
    assert "- 13 of 21 post-deployment tasks due so far were done on time." in well
    assert "- 1 blocking item still open: `secrets`." in carry
    assert "- 1 item ticked done but failing its check (drift)." in carry
    on_target = render(realistic_view(golive_date=TARGET, golive_forced_reason=None))
    assert "- Went live on the target date (2026-10-30)." in section(on_target, "In short")


def test_no_mentions_in_the_retrospective(md: str) -> None:
    # Why: "Every owner and evidence author is written as an @-mention".
    assert not re.search(r"(?<![\w.])@(ana|bo|lead)\b", md)
