"""Subcommands load lazily; the table that maps them to modules must stay complete."""

from __future__ import annotations

import importlib
import pkgutil

import click
from click.testing import CliRunner

import tracker.commands
from tracker.cli import COMMAND_MODULES, cli


def test_every_command_module_command_is_reachable() -> None:
    for info in pkgutil.iter_modules(tracker.commands.__path__):
        module = importlib.import_module(f"tracker.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            assert isinstance(command, click.Command)
            assert command.name in COMMAND_MODULES, f"{command.name} missing from COMMAND_MODULES"
            assert COMMAND_MODULES[command.name][0] == info.name


def test_release_golive_is_registered_through_the_lazy_group() -> None:
    result = CliRunner().invoke(cli, ["release", "golive", "--help"])
    assert result.exit_code == 0 and "go-live" in result.output


def test_a_mistyped_command_suggests_the_right_one_on_one_line() -> None:
    result = CliRunner().invoke(cli, ["stauts", "x"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "status" in lines[0]
