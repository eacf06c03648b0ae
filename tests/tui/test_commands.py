"""Each command is defined once and reachable by key, footer, palette and help."""

from __future__ import annotations

import re

from tracker.tui.app import TrackerApp
from tracker.tui.commands import COMMANDS, bindings, keys_markdown
from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
from tracker.tui.screens.release_screen import ReleaseScreen

EXPECTED_TITLES = {
    "release: new",
    "release: switch",
    "release: archive",
    "item: toggle done",
    "item: set status",
    "item: mark N/A",
    "item: assign owner",
    "item: add evidence",
    "item: edit notes",
    "item: set due date",
    "group: bulk assign",
    "filter: search",
    "filter: mine",
    "export: markdown",
    "export: json",
    "edit: undo",
    "view: summary",
    "view: help",
    "verify: item",
    "verify: group",
    "verify: release",
    "view: post-deployment",
    "release: go live",
    "task: skip",
    "export: retrospective",
}


def test_the_table_has_every_command_of_the_issue() -> None:
    titles = {c.title for c in COMMANDS}
    assert titles >= EXPECTED_TITLES


def test_ids_keys_and_titles_are_unique_and_well_formed() -> None:
    assert len({c.id for c in COMMANDS}) == len(COMMANDS)
    assert len({c.title for c in COMMANDS}) == len(COMMANDS)
    keys = [k for c in COMMANDS for k in c.key.split(",")]
    assert len(set(keys)) == len(keys)
    for cmd in COMMANDS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", cmd.id)
        assert re.fullmatch(r"[a-z]+: [a-zA-Z/ -]+", cmd.title)
        assert cmd.help.endswith(".")


def test_every_action_exists_where_its_binding_lives() -> None:
    for cmd in COMMANDS:
        owner = {"release": ReleaseScreen, "tasks": PostDeploymentScreen}.get(cmd.scope, TrackerApp)
        assert hasattr(owner, f"action_{cmd.action}"), cmd
        if cmd.tasks:
            assert hasattr(PostDeploymentScreen, f"action_{cmd.action}"), cmd


def test_bindings_carry_ids_and_tooltips() -> None:
    for scope in ("app", "release", "tasks"):
        for binding in bindings(scope):
            assert binding.id and binding.tooltip


def test_help_key_table_lists_every_command() -> None:
    table = keys_markdown()
    for cmd in COMMANDS:
        assert cmd.title in table
