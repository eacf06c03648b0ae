"""Every user command, defined once (the table: ``command_table.COMMANDS``).

The table feeds the key bindings (and so the footer), the command palette and the help screen.
A command lives on the app (``scope="app"``: available on every screen), on the release screen
(``scope="release"``: needs an open release) or on the post-deployment view (``scope="tasks"``).
Release commands marked ``tasks=True`` are also bound, with the same key, on the post-deployment
view (done, owner, evidence, notes, go-live, retrospective). Its ``action`` names an ``action_*``
method there.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from tracker.tui.command_table import COMMANDS as COMMANDS
from tracker.tui.command_table import Command as Command
from tracker.tui.command_table import Scope as Scope

if TYPE_CHECKING:
    from textual.dom import DOMNode

assert len({c.id for c in COMMANDS}) == len(COMMANDS), "command ids must be unique"


def commands_in(scope: Scope) -> list[Command]:
    """A scope's commands; the post-deployment view ("tasks") also has those marked ``tasks``."""
    return [c for c in COMMANDS if c.scope == scope or (scope == "tasks" and c.tasks)]


def bindings(scope: Scope) -> list[Binding]:
    return [c.binding() for c in commands_in(scope)]


def task_commands() -> list[Command]:
    """The commands of the post-deployment view."""
    return commands_in("tasks")


def keys_markdown(commands: Iterable[Command] = COMMANDS) -> str:
    """The key table of the help screen, grouped by area."""
    lines = ["| key | command | what it does |", "| --- | --- | --- |"]
    for cmd in sorted(commands, key=lambda c: _AREA_ORDER.index(c.area)):
        keys = " or ".join(f"`{_display(k)}`" for k in cmd.key.split(","))
        lines.append(f"| {keys} | {cmd.title} | {cmd.help} |")
    return "\n".join(lines)


_AREA_ORDER = [
    "item",
    "group",
    "task",
    "verify",
    "filter",
    "export",
    "edit",
    "view",
    "activity",
    "release",
    "app",
]
_DISPLAY = {"space": "space", "slash": "/", "at": "@", "question_mark": "?", "escape": "esc"}


def _display(key: str) -> str:
    return _DISPLAY.get(key, key)


def _target(cmd: Command, screen: DOMNode) -> DOMNode | None:
    """Where the command's action runs from this screen, or None when it is not available."""
    app = screen.app
    for node in (screen, app) if cmd.scope != "app" else (app,):
        if hasattr(node, f"action_{cmd.action}"):
            return node
    return None


class CommandTableProvider(Provider):
    """The command palette's entries for the command table ("area: verb")."""

    def _available(self) -> list[tuple[Command, DOMNode]]:
        found = []
        for cmd in COMMANDS:
            target = _target(cmd, self.screen)
            if target is not None:
                found.append((cmd, target))
        return found

    async def discover(self) -> Hits:
        for cmd, target in self._available():
            yield DiscoveryHit(
                f"{cmd.title}  ({_display(cmd.key.split(',')[0])})",
                partial(self.app.run_action, cmd.action, target),
                text=cmd.title,
                help=cmd.help,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cmd, target in self._available():
            score = matcher.match(cmd.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(cmd.title),
                    partial(self.app.run_action, cmd.action, target),
                    text=cmd.title,
                    # escaped: the help is markup, and "[/]" (search's key) would close a tag
                    help=escape(f"{cmd.help}  [{_display(cmd.key.split(',')[0])}]"),
                )
