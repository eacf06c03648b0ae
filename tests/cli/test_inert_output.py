"""Terminal output is inert (issue 15, "Terminal escapes pass through": 45 control bytes through
7 of 9 views). Each kind of escape is stored in every free-text field; no view sends one raw."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Tracker
from tracker.domain.inert import BIDI, json_safe, one_line, visible

KV = "secrets-azure-key-vault"
ESCAPES = {
    "colour": "\x1b[31mRED\x1b[0m",
    "osc-title": "\x1b]0;pwned\x07",
    "cursor-up-erase": "\x1b[1A\x1b[2K",
    "bel": "\x07",
    "csi-8bit": "\x9b2J",
    "bidi": "\u202egnp.exe",
}
PAYLOAD = "hi " + "".join(ESCAPES.values()) + " end"


def raw_controls(text: str) -> list[str]:
    return [
        c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) < 0xA0 or c in BIDI
    ]


@pytest.mark.parametrize(("kind", "escape"), list(ESCAPES.items()), ids=list(ESCAPES))
def test_visible_shows_every_kind_of_escape(kind: str, escape: str) -> None:
    assert raw_controls(visible(escape)) == []
    assert raw_controls(one_line(escape + "\n")) == []
    assert raw_controls(visible(escape, compact=True)) == []
    assert len(visible(escape, compact=True)) == len(escape)
    assert raw_controls(json_safe(escape.replace("\x1b", "").replace("\x07", ""))) == []


def test_visible_leaves_plain_text_alone() -> None:
    text = "Café · déjà vu — 東京 ✓\nline two\tcol"
    assert visible(text) == text
    assert visible("\x1b[31m") == "␛[31m"
    assert visible("\x9b") == "⟨U+009B⟩"


@pytest.fixture
def hostile(tracker: Tracker) -> Tracker:
    """Every free-text field holds every kind of escape."""
    t = tracker
    t.ok("owner", "add", "mallory", "--name", PAYLOAD, "--team", PAYLOAD)
    t.ok("item", "set", "r1", KV, "--owner", "mallory", "--note", PAYLOAD)
    t.ok("item", "set", "r1", KV, "--evidence", "https://e.com/x", "--title", PAYLOAD)
    t.ok("item", "set", "r1", "vnet injection", "--na-reason", f"other: {PAYLOAD}")
    t.ok("release", "new", "r2", "--template", "databricks-ml-production", "--env", PAYLOAD)
    t.ok("release", "golive", "r1", "--date", "2026-11-20", "--force", "--reason", PAYLOAD)
    t.ok("task", "set", "r1", "monitor-all-alerts", "--note", PAYLOAD, "--owner", "mallory")
    return t


VIEWS = [
    ["item", "show", "r1", KV],
    ["item", "show", "r1", "vnet injection"],
    ["history", "r1"],
    ["history", "r1", KV],
    ["status", "r1"],
    ["release", "show", "r1"],
    ["release", "show", "r2"],
    ["release", "list"],
    ["item", "list", "r1"],
    ["item", "list", "r1", "--format", "json"],
    ["tasks"],
    ["tasks", "--format", "md"],
    ["tasks", "--format", "json"],
    ["owner", "list"],
    ["owner", "list", "--format", "json"],
    ["export", "r1", "--format", "json"],
]


@pytest.mark.parametrize("argv", VIEWS, ids=[" ".join(v) for v in VIEWS])
def test_no_view_sends_a_stored_control_character(hostile: Tracker, argv: list[str]) -> None:
    result = hostile(*argv)
    assert result.exit_code == 0, result.stderr
    assert raw_controls(result.stdout) == [], argv
    assert raw_controls(result.stderr) == []


def test_the_stored_text_is_shown_not_hidden(hostile: Tracker) -> None:
    out = hostile.ok("item", "show", "r1", KV)
    assert "␛[31mRED␛[0m" in out and "␛]0;pwned␇" in out and "⟨U+009B⟩2J" in out
    assert "␛[31mRED" in hostile.ok("owner", "list")
    assert "␛[31mRED" in hostile.ok("release", "show", "r2")


def test_an_error_quoting_stored_text_is_inert(hostile: Tracker) -> None:
    message = hostile.fail("item", "set", "r1", KV, "--owner", "\x1b[31mnobody")
    assert raw_controls(message) == []


def test_the_unsafe_class_is_the_unsafe_rule_on_every_code_point() -> None:
    from tracker.domain.inert import _UNSAFE, _unsafe

    differ = [
        hex(code)
        for code in range(0x110000)
        if (_UNSAFE.fullmatch(chr(code)) is not None) != _unsafe(chr(code), "")
    ]
    assert differ == []


def test_visible_keeps_what_it_is_told_and_pictures_the_rest() -> None:
    text = "a\tb\nc\x1bd\u202ee\x9bf\ud800"
    assert visible(text) == "a\tb\nc\u241bd\u27e8U+202E\u27e9e\u27e8U+009B\u27e9f\u27e8U+D800\u27e9"
    assert (
        one_line(text)
        == "a\u2409b\u240ac\u241bd\u27e8U+202E\u27e9e\u27e8U+009B\u27e9f\u27e8U+D800\u27e9"
    )
    assert visible(text, compact=True) == "a\tb\nc\u241bd\ufffde\ufffdf\ufffd"


def test_json_safe_escapes_exactly_c1_bidi_and_line_separators() -> None:
    text = "\n".join(chr(code) for code in range(0x110000))
    raw = {c for c in BIDI} | {"\u2028", "\u2029"} | {chr(c) for c in range(0x7F, 0xA0)}
    expected = "".join(f"\\u{ord(c):04x}" if c in raw else c for c in text)
    assert json_safe(text) == expected
