"""Terminal output is inert: stored text never reaches a terminal with its control characters.

Someone who can write a note (or an owner name, an evidence title, ...) must not be able to
recolour, retitle or rewrite what a colleague's terminal shows. ``visible`` is the one rule; the
CLI and the TUI apply it where they render stored text.
"""

from __future__ import annotations

import re

# Bidirectional overrides, embeddings, isolates and marks: they reorder what is shown.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_DEL = "\x7f"
# ``_unsafe`` as one character class (a test checks they agree on every code point): ``visible``
# visits only those characters (a table was otherwise checked one character at a time).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029" + "".join(sorted(BIDI)) + "]")


def _picture(c: str, compact: bool = False) -> str:
    code = ord(c)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control pictures": ESC -> ␛, BEL -> ␇
    if c == _DEL:
        return "\u2421"  # ␡
    if compact:
        return "\ufffd"  # one character, so styled spans over the text keep their offsets
    return f"\u27e8U+{code:04X}\u27e9"  # ⟨U+009B⟩ for C1 controls, bidi controls, surrogates


def _unsafe(c: str, keep: str) -> bool:
    code = ord(c)
    if c in keep:
        return False
    return (
        code < 0x20
        or 0x7F <= code < 0xA0
        or c in BIDI
        or 0xD800 <= code < 0xE000
        or code in (0x2028, 0x2029)
    )


def visible(text: str, *, keep: str = "\n\t", compact: bool = False) -> str:
    """``text`` with every control character (C0, DEL, C1 such as the 8-bit CSI), bidi control
    and lone surrogate replaced by a visible stand-in; characters in ``keep`` (by default
    newline and tab) stay as they are. Plain text is returned unchanged (and fast).

    ``compact``: every stand-in is one character (C1 and bidi controls become U+FFFD), so the
    result has the same length as ``text``."""
    if text.isprintable():
        return text
    return _UNSAFE.sub(
        lambda m: m[0] if m[0] in keep else _picture(m[0], compact),
        text,
    )


def one_line(text: str) -> str:
    """``visible`` for a single-line place (a table cell, a tree label): newlines shown too."""
    return visible(text, keep="")


# What JSON leaves raw but a terminal acts on (a whole export is one string: one pass in C).
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI)) + "]")


def json_safe(text: str) -> str:
    """JSON text whose raw C1 / bidi / line-separator characters (which ``json.dumps`` with
    ``ensure_ascii=False`` leaves raw) are ``\\uXXXX`` escapes: the same data, inert on a
    terminal."""
    if text.isprintable():
        return text
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
