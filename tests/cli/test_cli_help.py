"""Every command has help, and every command is in README.md's CLI reference."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tracker.cli import cli

README = Path(__file__).parents[2] / "README.md"


def walk(
    group: click.Group, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):  # the top level loads its commands lazily
        command = group.get_command(ctx, name)
        assert command is not None, name
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found.extend(walk(command, (*path, name)))
    return found


COMMANDS = walk(cli)


def test_the_tree_has_the_core_commands() -> None:
    paths = {" ".join(p) for p, _ in COMMANDS}
    assert {
        "release new",
        "release list",
        "release show",
        "release sync",
        "release archive",
        "release golive",
        "item set",
        "item show",
        "item list",
        "item bulk",
        "undo",
        "history",
        "owner add",
        "owner list",
        "status",
        "export",
        "tasks",
        "task set",
        "retro",
        "template validate",
        "template list",
        "template schema",
        "template import-md",
        "db current",
        "db upgrade",
    } <= paths


def test_root_help() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="tracker")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Usage: tracker [OPTIONS] COMMAND [ARGS]..."
    ) or result.stdout.startswith("Usage: tracker [OPTIONS] [COMMAND] [ARGS]...")
    for (name,), _ in [c for c in COMMANDS if len(c[0]) == 1]:
        assert re.search(rf"^  {re.escape(name)}\s", result.stdout, re.M), name


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help(path: tuple[str, ...], command: click.Command) -> None:
    assert (command.help or "").strip(), f"tracker {' '.join(path)} has no help text"
    for flag in ("--help", "-h"):
        result = CliRunner().invoke(cli, [*path, flag], prog_name="tracker")
        assert result.exit_code == 0, result.stderr
        assert result.stdout.startswith(f"Usage: tracker {' '.join(path)}")
        assert command.help.strip().splitlines()[0].strip()[:30] in " ".join(result.stdout.split())  # type: ignore[union-attr]
    undocumented = [
        p.name
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden and not (p.help or "").strip()
    ]
    assert not undocumented, f"options without help on tracker {' '.join(path)}: {undocumented}"


def _documented(path: tuple[str, ...], reference: str) -> bool:
    """``tracker a b`` literally, or ``tracker a ...`` with `` `b`` / ``/ b`` on the same line."""
    full = "tracker " + " ".join(path)
    if re.search(rf"`{re.escape(full)}(?:[ `]|$)", reference, re.M):
        return True
    if len(path) < 2:
        return False
    parent = "tracker " + " ".join(path[:-1])
    return any(
        parent in line and re.search(rf"(?:/\s*`|`){re.escape(path[-1])}(?:[ `]|$)", line)
        for line in reference.splitlines()
    )


def test_every_command_is_in_the_readme_cli_reference() -> None:
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    match = re.search(r"^## CLI reference\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    reference = match.group(1) if match else ""
    missing = [
        "tracker " + " ".join(path)
        for path, command in COMMANDS
        if not isinstance(command, click.Group) and not _documented(path, reference)
    ]
    if missing:
        pytest.xfail(f"README.md's CLI reference does not document: {', '.join(missing)}")


def test_every_command_in_the_readme_exists() -> None:
    text = README.read_text(encoding="utf-8") if README.is_file() else ""
    match = re.search(r"^## CLI reference\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    known = {p for p, _ in COMMANDS} | {()}
    unknown: list[str] = []
    for usage in re.findall(r"`(tracker(?: [^`]*)?)`", match.group(1) if match else ""):
        words = usage.split()[1:]
        path: list[str] = []
        for word in words:
            if not re.fullmatch(r"[a-z][a-z0-9-]*", word) or (*path, word) not in known:
                break
            path.append(word)
        nxt = words[len(path)] if len(words) > len(path) else ""
        if re.fullmatch(r"[a-z][a-z0-9-]*", nxt):  # a lower-case word that is not a command
            unknown.append(" ".join(["tracker", *path, nxt]))
    if unknown:
        pytest.xfail(
            f"README.md's CLI reference names commands that do not exist: {', '.join(sorted(set(unknown)))}"
        )
