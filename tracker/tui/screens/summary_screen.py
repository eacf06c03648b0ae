"""The release at a glance: progress per category, what blocks go-live, owners, the ML Test
Score and a burn-down drawn from the audit log.

The blocking items and the owners are lists: enter on a blocking item closes the summary with
the cursor on that item in the checklist; enter on an owner filters the checklist to their open
items (the screen is dismissed with a ``navigation.Jump``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.clock import local_date
from tracker.domain.enums import ItemStatus, MLTestSection
from tracker.domain.inert import one_line
from tracker.domain.models import ReleaseItem, ReleaseView
from tracker.domain.progress import (
    UNASSIGNED,
    category_progress,
    is_overdue,
    item_progress,
    ml_test_score,
    open_blocking,
    owner_load,
)
from tracker.errors import TrackerError
from tracker.tui.burndown import burndown
from tracker.tui.context import AppContext
from tracker.tui.detail_text import inert
from tracker.tui.labels import STATUS_GLYPH, STATUS_LABEL, bar_content
from tracker.tui.navigation import Jump
from tracker.tui.widgets.burndown_chart import BurndownChart
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.release_header import golive_text
from tracker.tui.widgets.signoff_panel import SignoffPanel
from tracker.tui.widgets.wrapped_options import WrappedOptionList

_URGENCY = {ItemStatus.BLOCKED: 0, ItemStatus.IN_PROGRESS: 1, ItemStatus.TODO: 2}


def ranked_blocking(items: Sequence[ReleaseItem], today: date) -> list[ReleaseItem]:
    """Open blocking items, most urgent first: overdue, then blocked, in progress, todo; then by
    due date; then in checklist order."""
    return sorted(
        open_blocking(items),
        key=lambda i: (
            not is_overdue(i, today),
            _URGENCY.get(i.status, 3),
            i.due_date or date.max,
            i.position,
        ),
    )


def blocking_row(item: ReleaseItem, today: date) -> Content:
    """One line of "what stands between us and go-live": status, text, owner, due date."""
    due = ""
    style = "$text-muted"
    if item.due_date is not None:
        due = f" due {item.due_date.isoformat()}"
        if is_overdue(item, today):
            due, style = f" OVERDUE {item.due_date.isoformat()}", "bold $error"
    return Content.assemble(
        f"{STATUS_GLYPH[item.status]} ",
        item.text,
        (
            f"  {STATUS_LABEL[item.status]}" if item.status is not ItemStatus.TODO else "",
            "$warning",
        ),
        (f"  @{item.owner}" if item.owner else "  unassigned", "$text-muted"),
        (due, style),
    )


def _fill(options: OptionList, rows: list[Option]) -> None:
    """Replace a list's rows, keeping the highlighted row where it was (a reload)."""
    highlighted = options.highlighted
    options.clear_options()
    options.add_options(rows)
    if rows and not rows[0].disabled:
        options.highlighted = min(highlighted or 0, len(rows) - 1)


class SummaryScreen(Screen[Jump | None]):
    """Dismissed with a ``Jump`` (enter on a blocking item or an owner) or None (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S", "close", "back", tooltip="Back to the checklist."),
        Binding("i", "sign_off", "sign off", tooltip="Sign off go-live for a role."),
    ]

    class Loaded(Message):
        def __init__(
            self, view: ReleaseView, automated: frozenset[str], signoffs: Any = None
        ) -> None:
            super().__init__()
            self.view = view
            self.automated = automated
            self.signoffs = signoffs  # services.signoffs.SignoffStatus

    class LoadFailed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, ctx: AppContext, release: str) -> None:
        super().__init__()
        self.ctx, self.release_name = ctx, release
        self._shown = False

    def compose(self) -> ComposeResult:
        yield Static(id="summary-title")
        with VerticalScroll(id="summary"), Grid(id="summary-grid"):
            with Vertical(classes="summary-column"):
                yield SignoffPanel(id="summary-signoffs", classes="summary-box")
                yield Static(id="summary-categories", classes="summary-box")
                with Vertical(id="summary-blocking", classes="summary-box"):
                    yield Static(id="summary-blocking-title")
                    yield WrappedOptionList(id="summary-blocking-list", classes="summary-list")
            with Vertical(classes="summary-column"):
                yield Static(id="summary-score", classes="summary-box")
                with Vertical(id="summary-owners", classes="summary-box"):
                    yield Static(
                        Content.assemble(
                            ("Open items by owner", "bold"),
                            ("  enter: filter by owner", "$text-muted"),
                        )
                    )
                    yield WrappedOptionList(id="summary-owners-list", classes="summary-list")
                with Vertical(classes="summary-box", id="summary-burndown-box"):
                    yield Static(Content.styled("Burn-down: open items", "bold"))
                    yield BurndownChart(id="summary-burndown")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#summary").loading = True
        self._load(self.release_name)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _load(self, name: str) -> None:
        try:
            view = self.ctx.service.releases.release_view(name, with_events=True)
            # A full point: the check passed in a scheduled run within the freshness window.
            automated = self.ctx.service.verification.automated_items(name)
            signoffs = self.ctx.service.signoffs.signoff_status(name)
        except TrackerError as exc:
            self.post_message(self.LoadFailed(exc))
            return
        self.post_message(self.Loaded(view, automated, signoffs))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.notify(str(message.error), severity="error")
        self.dismiss(None)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.show(message.view, message.automated)
        if not self._shown:  # the first load: enter acts on the most urgent blocking item
            self._shown = True
            blocking = self.query_one("#summary-blocking-list")
            self.call_after_refresh(blocking.focus)  # after the layout: scrolled into view
        self.signoffs = message.signoffs
        if message.signoffs is not None:
            self.query_one(SignoffPanel).show(message.signoffs.roles)
        self.query_one("#summary").loading = False

    def show(self, view: ReleaseView, automated: frozenset[str] = frozenset()) -> None:
        today, tz = self.ctx.clock.today(), self.ctx.clock.tz
        items = list(view.active_items)
        progress = item_progress(items)
        self.query_one("#summary-title", Static).update(
            Content.assemble(
                (" DEMO " if self.ctx.demo else "", "bold reverse $warning"),
                " " if self.ctx.demo else "",
                (f"Summary · {one_line(view.release.name)}", "bold"),
                "  ·  ",
                golive_text(view.release, today),
                "  ·  ",
                f"{progress.label} closed ({progress.percent}%)",
            )
        )
        self.query_one("#summary-categories", Static).update(inert(self._categories(items)))
        self._blocking(items, today)
        self._owners(items)
        self.query_one("#summary-score", Static).update(self._score(items, automated))
        created = view.release.created_at
        start = local_date(created, tz) if created is not None else None
        self.query_one(BurndownChart).show(burndown(items, view.events, today, tz, start=start))

    def _categories(self, items: Sequence[ReleaseItem]) -> Content:
        rows: list[Content] = [Content.styled("Progress by category", "bold")]
        nodes = category_progress(items)
        width = max((len(n.title) for n in nodes), default=10)
        for node in nodes:
            p = node.progress
            rows.append(
                Content.assemble(
                    node.title.ljust(width),
                    "  ",
                    bar_content(p.fraction, 16),
                    f" {p.label:>7} {p.percent:>4}%",
                    (f"  !{node.open_blocking}" if node.open_blocking else "", "bold $error"),
                )
            )
        rows.append(Content.styled("!N: blocking items still open", "$text-muted"))
        return Content("\n").join(rows)

    def _blocking(self, items: Sequence[ReleaseItem], today: date) -> None:
        ranked = ranked_blocking(items, today)
        self.query_one("#summary-blocking-title", Static).update(
            Content.assemble(
                (f"What stands between us and go-live: {len(ranked)} blocking items open", "bold"),
                ("  enter: show in the checklist" if ranked else "", "$text-muted"),
            )
        )
        options = [Option(inert(blocking_row(item, today)), id=item.key) for item in ranked]
        if not ranked:
            nothing = Content.styled("Nothing: every blocking item is done or N/A.", "$success")
            options.append(Option(nothing, disabled=True))
        _fill(self.query_one("#summary-blocking-list", OptionList), options)

    def _owners(self, items: Sequence[ReleaseItem]) -> None:
        load = owner_load(items)
        top = max((n for _, n in load), default=1)
        options = []
        for owner, count in load:
            label = owner if owner == UNASSIGNED else f"@{owner}"
            row = Content.assemble(
                label.ljust(16), bar_content(count / top, 12, "$accent"), f" {count:>3} open"
            )
            options.append(Option(inert(row), id=owner))
        if not load:
            options.append(Option(Content.styled("no open items", "$text-muted"), disabled=True))
        _fill(self.query_one("#summary-owners-list", OptionList), options)

    @on(OptionList.OptionHighlighted)
    def _keep_list_visible(self, event: OptionList.OptionHighlighted) -> None:
        # The lists sit in a scrolled column (one column at 80x24): the highlight stays in view.
        event.option_list.scroll_visible(animate=False)

    @on(OptionList.OptionSelected, "#summary-blocking-list")
    def _blocking_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(Jump("item", event.option.id))

    @on(OptionList.OptionSelected, "#summary-owners-list")
    def _owner_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(Jump("owner", event.option.id, open_only=True))

    def _score(self, items: Sequence[ReleaseItem], automated: frozenset[str]) -> Content:
        from tracker.config import stale_after_days

        score = ml_test_score(items, automated)
        rows: list[Content] = [
            Content.assemble(
                ("ML Test Score ", "bold"),
                (f"{score.final:g}", "bold $accent"),
                (" (the weakest section)", "$text-muted"),
            )
        ]
        for section in MLTestSection:
            points = score.sections[section]
            rows.append(
                Content.assemble(
                    section.value.ljust(16),
                    (f"{points:>5g}", "bold" if points == score.final else ""),
                )
            )
        rows.append(
            Content.styled(
                f"½ point per item done with evidence ({score.manual} manual), 1 per item "
                f"whose check passed in a scheduled run in the last {stale_after_days()} days "
                f"({score.automated} automated)",
                "$text-muted",
            )
        )
        return Content("\n").join(rows)

    def action_close(self) -> None:
        self.dismiss(None)

    # --- sign-off (the panel's key) ---
    def action_sign_off(self) -> None:
        from tracker.tui.screens.gonogo_dialogs import SignoffDialog, SignoffRequest

        status = getattr(self, "signoffs", None)
        if status is None:
            return

        def chosen(request: SignoffRequest | None) -> None:
            if request is not None:
                self._sign(request.role, request.comment, status.digest)

        self.app.push_screen(SignoffDialog(status.roles), chosen)

    @work(thread=True, group="summary-sign", exit_on_error=False)
    def _sign(self, role: str, comment: str | None, digest: str) -> None:
        try:
            self.ctx.service.signoffs.sign_off(
                self.release_name, role, comment, expected_digest=digest
            )
        except TrackerError as exc:
            self.post_message(self.Signed(exc))
            return
        self.post_message(self.Signed(None))

    class Signed(Message):
        """A sign-off was stored (``error`` None) or refused."""

        def __init__(self, error: TrackerError | None) -> None:
            super().__init__()
            self.error = error

    @on(Signed)
    def _signed(self, message: Signed) -> None:
        if message.error is not None:
            self.notify(str(message.error), title="Not signed", severity="error")
        self._load(self.release_name)
