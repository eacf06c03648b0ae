"""The command table: every user command, its key, action, palette title and help (the
bindings, footer, palette and help screen are made from it in ``commands``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal["app", "release", "tasks"]


@dataclass(frozen=True, slots=True)
class Command:
    """One user action: its key, its place in the key bar, palette and help."""

    id: str
    """Kebab-case, unique: the binding id (Textual's keymap names bindings by it)."""
    key: str
    """Textual key name(s), comma-separated for alternatives."""
    action: str
    """The action name, without the ``action_`` prefix."""
    title: str
    """The command-palette title, "area: verb"."""
    description: str
    """The short footer label."""
    help: str
    """One sentence for the tooltip, the palette and the help screen."""
    scope: Scope = "release"
    show: bool = True
    key_display: str | None = None
    tasks: bool = False
    """Also bound on the post-deployment view (a release command that applies to tasks too)."""
    priority: bool = False
    """Checked before the focused widget's own bindings (quit)."""

    @property
    def area(self) -> str:
        return self.title.split(":", 1)[0]

    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.help,
            id=self.id,
            priority=self.priority,
        )


COMMANDS: tuple[Command, ...] = (
    Command(
        "toggle-done",
        "space",
        "toggle_done",
        "item: toggle done",
        "done",
        "Tick the item done, or back to todo.",
        key_display="space",
        tasks=True,
    ),
    Command(
        "set-status",
        "s",
        "set_status",
        "item: set status",
        "status",
        "Pick any status: todo, in progress, blocked, done, N/A.",
    ),
    Command(
        "mark-na",
        "n",
        "mark_na",
        "item: mark N/A",
        "N/A",
        "Mark the item not applicable, with a reason and an explanation.",
    ),
    Command(
        "assign-owner",
        "o",
        "assign_owner",
        "item: assign owner",
        "owner",
        "Assign an owner from the registry (or add a new one) to the item.",
        tasks=True,
    ),
    Command(
        "add-evidence",
        "e",
        "add_evidence",
        "item: add evidence",
        "evidence",
        "Attach an evidence link (http/https URL and title); remove links.",
        tasks=True,
    ),
    Command(
        "edit-notes",
        "c",
        "edit_notes",
        "item: edit notes",
        "notes",
        "Edit the item's notes (several lines).",
        tasks=True,
    ),
    Command(
        "set-due-date",
        "d",
        "set_due_date",
        "item: set due date",
        "due",
        "Set or clear the item's due date.",
    ),
    Command(
        "request-waiver",
        "W",
        "request_waiver",
        "item: request waiver",
        "waiver",
        "Ask an approver to accept the item's risk until a date, with a compensating control.",
    ),
    Command(
        "bulk-assign",
        "b",
        "bulk_assign",
        "group: bulk assign",
        "bulk",
        "Assign one owner to every item of the group (or category) under the cursor.",
    ),
    Command(
        "search",
        "slash",
        "search",
        "filter: search",
        "search",
        "Search item text, ids, notes, group and category titles.",
        key_display="/",
        show=False,  # the status line shows it
    ),
    Command(
        "filter-mine",
        "at",
        "filter_mine",
        "filter: mine",
        "mine",
        "Show only the items you own (press again to show all).",
        key_display="@",
        show=False,  # the status line shows it
    ),
    Command(
        "filter",
        "f",
        "filter",
        "filter: edit",
        "filter",
        "Filter by owner, status, blocking only, overdue; hide optional or closed items.",
    ),
    Command(
        "clear-filter",
        "escape",
        "clear_filter",
        "filter: clear",
        "clear",
        "Clear the search and every filter.",
        key_display="esc",
        show=False,
    ),
    Command(
        "export-markdown",
        "x",
        "export_markdown",
        "export: markdown",
        "export",
        "Export the release as Markdown to a file, or copy it to the clipboard.",
    ),
    Command(
        "export-json",
        "X",
        "export_json",
        "export: json",
        "json",
        "Export the release as JSON to a file, or copy it to the clipboard.",
        show=False,
    ),
    Command(
        "undo",
        "u,ctrl+z",
        "undo",
        "edit: undo",
        "undo",
        "Undo your last change in this release (recorded as a change too).",
    ),
    Command(
        "verify-item",
        "v",
        "verify_item",
        "verify: item",
        "verify",
        "Run the item's automated check against the workspace (on a group: the whole group).",
    ),
    Command(
        "verify-group",
        "g",
        "verify_group",
        "verify: group",
        "verify group",
        "Verify every item with a check in the group under the cursor.",
        show=False,
    ),
    Command(
        "verify-release",
        "V",
        "verify_release",
        "verify: release",
        "verify all",
        "Verify every item of the release that has an automated check.",
        show=False,
    ),
    Command(
        "summary",
        "S",
        "summary",
        "view: summary",
        "summary",
        "Progress per category, open blocking items, owners, ML Test Score, burn-down.",
    ),
    Command(
        "go-no-go",
        "G",
        "go_no_go",
        "release: go/no-go",
        "go/no-go",
        "Sign-offs (sign with i), waivers (approve, reject, revoke), milestones and the diff.",
    ),
    Command(
        "toggle-detail",
        "i",
        "toggle_detail",
        "view: detail pane",
        "detail",
        "Hide the item's detail pane to give the checklist the whole width (again: show it).",
        show=False,
    ),
    Command(
        "post-deployment",
        "p",
        "post_deployment",
        "view: post-deployment",
        "post-deploy",
        "The post-deployment tasks from go-live: week 1, weeks 2-4, monthly; due and overdue.",
    ),
    Command(
        "skip-task",
        "k",
        "skip_task",
        "task: skip",
        "skip",
        "Skip the task under the cursor, with a reason (press again to reopen it).",
        scope="tasks",
    ),
    Command(
        "go-live",
        "L",
        "go_live",
        "release: go live",
        "go live",
        "Record the go-live date and schedule the post-deployment tasks.",
        show=False,
        tasks=True,
    ),
    Command(
        "export-retro",
        "R",
        "export_retro",
        "export: retrospective",
        "retro",
        "Write the retrospective (Markdown) to a file, or copy it to the clipboard.",
        show=False,
        tasks=True,
    ),
    Command(
        "archive-release",
        "A",
        "archive_release",
        "release: archive",
        "archive",
        "Archive the open release (it leaves the list; nothing is deleted).",
        show=False,
    ),
    Command(
        "activity",
        "l",
        "activity",
        "activity: show",
        "activity",
        "Who changed what in the release, newest first; filter by person and day; "
        "enter goes to the item.",
        scope="app",
    ),
    Command(
        "switch-release",
        "r",
        "switch_release",
        "release: switch",
        "releases",
        "List the releases with their progress; open, create or archive one.",
        scope="app",
    ),
    Command(
        "new-release",
        "ctrl+n",
        "new_release",
        "release: new",
        "new",
        "Create a release from a bundled or local template.",
        scope="app",
        show=False,
    ),
    Command(
        "help",
        "question_mark,f1",
        "help",
        "view: help",
        "help",
        "Show the keys and how the app works.",
        scope="app",
        key_display="?",
    ),
    Command(
        "quit",
        "q,ctrl+q",
        "quit_app",
        "app: quit",
        "quit",
        "Quit tracker (it asks first only while changes are still being saved).",
        scope="app",
        key_display="q",
    ),
)
