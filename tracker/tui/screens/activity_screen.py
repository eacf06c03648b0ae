"""The release's activity: who changed what, newest first, from the audit log.

Filtered by person and by day (two selects above the list); events are worded as in the item
history and ``tracker history`` (a task occurrence as ``task (due date)``, evidence as
``Title <url>``). Enter on an item's event closes the screen with the checklist cursor on that
item (a ``navigation.Jump``). The events are read in a worker, and again whenever the release's
change token moves (someone changed something), like the checklist's own poll.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, tzinfo
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from tracker.domain.activity import ActivityFilter, activity, day_breaks, days, people
from tracker.domain.clock import local_date, to_local
from tracker.domain.events import describe_event
from tracker.domain.inert import one_line
from tracker.domain.models import AuditEvent
from tracker.errors import TrackerError
from tracker.tui.context import AppContext
from tracker.tui.detail_text import inert
from tracker.tui.navigation import Jump
from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.wrapped_options import WrappedOptionList

LIMIT = 5000
"""The newest events read (the screen says so when there are more): the filters work on them."""
LISTED = 300
"""Events listed at once (the newest the filters keep). Laying out a list costs about 35 µs per
row on the UI thread, redone whenever someone changes the release: 2000 rows froze it 70 ms."""
ITEM_TEXT = 48
"""Characters of an item's text shown after its event."""
WIDE_FROM = 120
"""Terminal columns from which each event also shows its item's text."""


def day_heading(day: date, count: int) -> Content:
    """``Sat 5 Dec 2026 · 3 changes``."""
    return Content.assemble(
        (f"{day:%a} {day.day} {day:%b %Y}", "bold"),
        (f" · {count} change{'s' if count != 1 else ''}", "$text-muted"),
    )


def event_row(event: AuditEvent, tz: tzinfo, item_text: str | None) -> Content:
    """``14:03  ana  marked uc-x done · Production catalog created…``."""
    text = ""
    if item_text and event.occurrence_due is None:
        short = one_line(item_text)
        text = f" · {short if len(short) <= ITEM_TEXT else short[: ITEM_TEXT - 1] + '…'}"
    return Content.assemble(
        (to_local(event.at, tz).strftime("%H:%M"), "$text-muted"),
        "  ",
        (one_line(event.actor), "bold"),
        "  ",
        describe_event(event),
        (text, "$text-muted"),
    )


class ActivityScreen(Screen[Jump | None]):
    """Dismissed with a ``Jump`` (enter on an item's event) or None (back)."""

    DEFAULT_CSS = """
    ActivityScreen #activity-title { height: 1; padding: 0 1; background: $panel; }
    ActivityScreen #activity-filters { height: 1; padding: 0 1; margin-bottom: 1; }
    ActivityScreen #activity-filters Select { width: 1fr; max-width: 40; margin-right: 2; }
    ActivityScreen #activity-list { height: 1fr; border: none; padding: 0 1; }
    ActivityScreen #activity-list:focus { border: none; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "back", tooltip="Back to where you were."),
    ]

    class Loaded(Message):
        def __init__(self, events: Sequence[AuditEvent], token: int) -> None:
            super().__init__()
            self.events = events
            self.token = token

    class LoadFailed(Message):
        def __init__(self, error: TrackerError) -> None:
            super().__init__()
            self.error = error

    def __init__(self, ctx: AppContext, release: str, item_texts: Mapping[str, str]) -> None:
        super().__init__()
        self.ctx, self.release_name = ctx, release
        self.item_texts = dict(item_texts)
        """The release's active items (key -> text): their events jump to the checklist."""
        self.events: list[AuditEvent] = []
        self.shown: list[AuditEvent] = []
        self.activity_filter = ActivityFilter()
        self.token: int | None = None
        self._options: dict[str, list[tuple[str, str]]] = {}
        self._shown_wide = False

    def compose(self) -> ComposeResult:
        yield Static(id="activity-title")
        with Horizontal(id="activity-filters"):
            yield Select[str]([], prompt="everyone", id="activity-person", compact=True)
            yield Select[str]([], prompt="every day", id="activity-day", compact=True)
        yield WrappedOptionList(id="activity-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#activity-list").loading = True
        self._title()
        self._load(self.release_name, None)
        self.set_interval(self.ctx.poll_interval, self._poll, name="poll")

    # --- reading ---
    def _poll(self) -> None:
        if self.token is not None:
            self._load(self.release_name, self.token)

    @work(thread=True, exclusive=True, group="activity", exit_on_error=False)
    def _load(self, name: str, known: int | None) -> None:
        try:
            token = self.ctx.service.releases.change_token(name)
            if token == known:
                return
            events = self.ctx.service.items.release_history(name, limit=LIMIT)
        except TrackerError as exc:
            if known is None:  # a failed poll just tries again at the next tick
                self.post_message(self.LoadFailed(exc))
            return
        self.post_message(self.Loaded(events, token))

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.notify(str(message.error), severity="error")
        self.dismiss(None)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        first = self.token is None
        self.events, self.token = list(message.events), message.token
        self._fill_selects()
        self._show_events()
        self.query_one("#activity-list").loading = False
        if first:
            self.query_one("#activity-list").focus()

    # --- showing ---
    def _fill_selects(self) -> None:
        tz = self.ctx.clock.tz
        person = self.query_one("#activity-person", Select)
        who = [(f"{one_line(actor)} ({n})", actor) for actor, n in people(self.events)]
        self._set_options(person, who, self.activity_filter.actor)
        day = self.query_one("#activity-day", Select)
        when = [(f"{d:%a} {d.isoformat()} ({n})", d.isoformat()) for d, n in days(self.events, tz)]
        chosen = self.activity_filter.day
        self._set_options(day, when, chosen.isoformat() if chosen else None)

    def _set_options(
        self, select: Select[str], options: list[tuple[str, str]], value: str | None
    ) -> None:
        """Replace a select's options, keeping its choice while that is still one of them."""
        if self._options.get(select.id or "") == options:
            return
        self._options[select.id or ""] = options
        with select.prevent(Select.Changed):
            select.set_options(options)
            if value is not None and any(v == value for _, v in options):
                select.value = value

    def _show_events(self) -> None:
        tz = self.ctx.clock.tz
        options = self.query_one("#activity-list", OptionList)
        highlighted = options.highlighted_option
        keep = highlighted.id if highlighted is not None else None
        self.shown = activity(self.events, self.activity_filter, tz)
        self._shown_wide = self._wide
        breaks = set(day_breaks(self.shown, tz))
        per_day = dict(days(self.shown, tz))
        rows: list[Option] = []
        for index, event in enumerate(self.shown[:LISTED]):
            if index in breaks:
                day = local_date(event.at, tz)
                rows.append(Option(day_heading(day, per_day[day]), disabled=True))
            text = self.item_texts.get(event.item_key or "") if self._wide else None
            rows.append(Option(inert(event_row(event, tz, text)), id=str(event.id)))
        if not rows:
            rows.append(Option(Content.styled("No changes match.", "$text-muted"), disabled=True))
        elif len(self.shown) > LISTED:
            older = len(self.shown) - LISTED
            rows.append(
                Option(
                    Content.styled(
                        f"… {older} older changes: choose a person or a day to list them",
                        "$text-muted",
                    ),
                    disabled=True,
                )
            )
        options.clear_options()
        options.add_options(rows)
        ids = [o.id for o in rows]
        if keep is not None and keep in ids:
            options.highlighted = ids.index(keep)
        elif len(rows) > 1:
            options.highlighted = 1  # the newest event (after its day's heading)
        self._title()

    @property
    def _wide(self) -> bool:
        """Room for the item's text after each event (at 80 columns a row would wrap)."""
        return self.app.size.width >= WIDE_FROM

    def on_resize(self) -> None:
        if self.events and self._wide != self._shown_wide:
            self._show_events()

    def _title(self) -> None:
        total = len(self.events)
        who = len({e.actor for e in self.events})
        f = self.activity_filter
        parts = [one_line(f.actor)] if f.actor else []
        if f.day is not None:
            parts.append(f.day.isoformat())
        shown = f"showing {len(self.shown)} ({', '.join(parts)})" if parts else ""
        more = f" (the newest {LIMIT})" if total >= LIMIT else ""
        self.query_one("#activity-title", Static).update(
            Content.assemble(
                (f"Activity · {one_line(self.release_name)}", "bold"),
                "  ·  ",
                f"{total} change{'s' if total != 1 else ''}{more} by {who} "
                f"{'person' if who == 1 else 'people'}",
                ("  ·  " + shown if shown else "", "bold $warning"),
                ("  ·  enter: go to the item" if self._wide else "", "$text-muted"),
            )
        )

    # --- filters ---
    @on(Select.Changed, "#activity-person")
    def _person_chosen(self, event: Select.Changed) -> None:
        actor = event.value if isinstance(event.value, str) else None
        if actor != self.activity_filter.actor:
            self.activity_filter = ActivityFilter(actor, self.activity_filter.day)
            self._show_events()

    @on(Select.Changed, "#activity-day")
    def _day_chosen(self, event: Select.Changed) -> None:
        day = date.fromisoformat(event.value) if isinstance(event.value, str) else None
        if day != self.activity_filter.day:
            self.activity_filter = ActivityFilter(self.activity_filter.actor, day)
            self._show_events()

    # --- going to the item ---
    @on(OptionList.OptionSelected, "#activity-list")
    def _event_chosen(self, message: OptionList.OptionSelected) -> None:
        event = next((e for e in self.shown if str(e.id) == message.option.id), None)
        if event is None:
            return
        key = event.item_key
        if key is None:
            self.notify("A change to the release itself: no item to show.", timeout=3)
        elif event.occurrence_due is not None:
            self.dismiss(Jump("task", key, due=event.occurrence_due))
        elif key not in self.item_texts:
            self.notify(f"{one_line(key)} is no longer in the checklist.", timeout=4)
        else:
            self.dismiss(Jump("item", key))

    def action_close(self) -> None:
        self.dismiss(None)
