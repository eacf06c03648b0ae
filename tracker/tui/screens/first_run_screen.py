"""Shown when the database holds no release yet: create the first one from a template."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tracker.tui.widgets.key_bar import KeyBar
from tracker.tui.widgets.new_release_form import NewReleaseForm


class FirstRunScreen(Screen[None]):
    def __init__(self, database: str) -> None:
        super().__init__()
        self.database = database

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="first-run"):
            yield Static(
                Content.assemble(
                    ("Welcome to tracker", "bold $accent"),
                    "\n\n",
                    "Track an ML system on Databricks from its production checklist to go-live, "
                    "and keep it healthy after.\n",
                    ("There is no release in ", "$text-muted"),
                    (self.database, "$text-muted"),
                    (" yet: create the first one from a checklist template.", "$text-muted"),
                ),
                id="welcome",
            )
            yield NewReleaseForm(cancellable=False, id="first-release-form")
        yield KeyBar()

    @property
    def accepts_keys(self) -> bool:
        """Keys typed while the templates load wait for the form (type_ahead.py)."""
        return self.query_one(NewReleaseForm).ready
