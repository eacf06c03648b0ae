"""The help screen: ``help.md`` beside this file plus the key table from the command table,
searchable: what is typed keeps the paragraphs and key rows holding every word.

A full screen (not a dialog over the checklist: drawing the dimmed checklist beneath doubled
its opening time), its text drawn as lines of content at the width it gets (``help_text``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from tracker.tui import help_text
from tracker.tui.commands import keys_markdown, task_commands
from tracker.tui.widgets.key_bar import KeyBar

HELP_FILE = Path(__file__).with_name("help.md")


def help_markdown() -> str:
    text = HELP_FILE.read_text(encoding="utf-8").replace("{{keys}}", keys_markdown())
    return text.replace("{{task_keys}}", keys_markdown(task_commands()))


@cache
def help_blocks() -> tuple[help_text.Block, ...]:
    return tuple(help_text.parse(help_markdown()))


class HelpText(Widget):
    """The help's blocks that match the search, laid out for the widget's width."""

    DEFAULT_CSS = "HelpText { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.query_text = ""
        self._laid_out: tuple[int, str, list[Content]] | None = None

    def search(self, query: str) -> None:
        self.query_text = query
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        if self._laid_out is None or self._laid_out[:2] != (width, self.query_text):
            blocks = help_text.search(help_blocks(), self.query_text)
            shown = (
                help_text.lines(blocks, self.query_text, width)
                if blocks
                else [Content(f"Nothing in the help matches “{self.query_text.strip()}”.")]
            )
            self._laid_out = (width, self.query_text, shown)
        return self._laid_out[2]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width))


class HelpSearch(Input):
    """The search box; ``?`` with nothing typed yet closes the help (it is a key then, not
    text)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        if key == "question_mark" and not self.value:
            return False
        return super().check_consume_key(key, character)


class HelpScreen(Screen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_or_close", "close", tooltip="Clear the search, else close."),
        Binding("f1", "close", "close", show=False, tooltip="Back to the checklist."),
        # Priority: before the search box, which lets it through only when empty.
        Binding("question_mark", "close", show=False, priority=True),
        Binding("up", "scroll('up')", show=False),
        Binding("down", "scroll('down')", show=False),
        Binding("pageup", "scroll('page_up')", show=False),
        Binding("pagedown", "scroll('page_down')", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield HelpSearch(
                placeholder="type to search the help and the keys · esc clears, then closes",
                id="help-search",
                compact=True,
            )
            with VerticalScroll(id="help-body", can_focus=False):
                yield HelpText(id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help-search", Input).focus()

    @on(Input.Changed, "#help-search")
    def _search(self, event: Input.Changed) -> None:
        self.query_one(HelpText).search(event.value)
        self.query_one("#help-body", VerticalScroll).scroll_home(animate=False)

    def action_scroll(self, where: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        getattr(body, f"scroll_{where}")(animate=False)

    def action_clear_or_close(self) -> None:
        search = self.query_one("#help-search", Input)
        if search.value:
            search.value = ""
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
