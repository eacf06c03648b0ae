"""The TUI's screens are composed of widgets and controllers, not mixin towers (issue 14:
"ReleaseScreen is a tower of 7 mixins with 94 methods; ReleaseScreenParts exists only to
declare stubs"; "verification results reach the TUI as a checks-layer type, re-declared there
as _Result/_Run protocols")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tracker.tui

TUI = Path(tracker.tui.__file__).parent


def _screens() -> list[type]:
    from tracker.tui.screens.post_deployment_screen import PostDeploymentScreen
    from tracker.tui.screens.release_screen import ReleaseScreen

    return [ReleaseScreen, PostDeploymentScreen]


@pytest.mark.parametrize("screen", _screens(), ids=lambda s: s.__name__)
def test_screens_inherit_nothing_of_tracker_but_themselves(screen: type) -> None:
    ours = [c.__name__ for c in screen.__mro__ if c.__module__.startswith("tracker.")]
    assert ours == [screen.__name__]


STRUCTURAL_TYPES = {"navigation.py"}
"""Jump targets named by what a jump needs of the release screen and the app (importing
them would tie the screens and the app in a cycle); no domain type is re-declared there."""


def test_the_tui_declares_no_protocols() -> None:
    """The TUI takes the domain's types (``CheckArrived``...), never re-declares them."""
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if str(path.relative_to(TUI)) in STRUCTURAL_TYPES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(b, ast.Name) and b.id == "Protocol")
                or (isinstance(b, ast.Attribute) and b.attr == "Protocol")
                for b in node.bases
            ):
                found.append(f"{path.relative_to(TUI)}:{node.name}")
    assert found == []


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60
WAIVER = "# size-ok:"
"""A module (anywhere in it) or function (on its ``def`` line or the line above) that must stay
longer says why after this marker."""


def test_tui_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in sorted(TUI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        name = str(path.relative_to(TUI))
        if text.count("\n") > MAX_MODULE_LINES and WAIVER not in text:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                near = " ".join(lines[max(0, node.lineno - 2) : node.lineno])
                if length > MAX_FUNCTION_LINES and WAIVER not in near:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert too_long == [], f"split them, or say why after {WAIVER!r}"
