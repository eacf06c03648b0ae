"""The help screen: ``help.md`` beside this file plus the key table from the command table."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tracker.tui.commands import keys_markdown, task_commands
from tracker.tui.widgets.key_bar import KeyBar

HELP_FILE = Path(__file__).with_name("help.md")


def help_markdown() -> str:
    text = HELP_FILE.read_text(encoding="utf-8").replace("{{keys}}", keys_markdown())
    return text.replace("{{task_keys}}", keys_markdown(task_commands()))


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "close", "close", tooltip="Back to the checklist."),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Markdown(help_markdown(), id="help-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.dismiss(None)
