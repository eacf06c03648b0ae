"""Validation of user-supplied values (pure): URLs, handles, dates, variables."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from tracker.errors import ValidationError

HANDLE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_URL = 2000
MAX_TITLE = 300
MAX_NOTES = 20_000
MAX_RELEASE_NAME = 200
MAX_OWNER_NAME = 200
MAX_EMAIL = 254
MAX_TEAM = 100
MAX_ENVIRONMENT = 100
MAX_REASON = 2000
MAX_ACTOR = 100
MAX_VARIABLE_VALUE = 1000
MAX_SEARCH = 200
MIN_DATE = date(2000, 1, 1)
MAX_DATE = date(2100, 12, 31)
SHOWN = 60  # characters of a refused value echoed back in an error

# Bidirectional overrides, embeddings, isolates and marks: they reorder what a terminal shows.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)


def shown(value: str, width: int = SHOWN) -> str:
    """``repr`` of a refused value, clipped: an error line never echoes 100,000 characters."""
    if len(value) <= width:
        return repr(value)
    return repr(value[:width]) + f"… ({len(value)} characters)"


def unsafe_character(value: str) -> str | None:
    """The first control, bidi-override or lone-surrogate character of ``value``, if any."""
    for c in value:
        code = ord(c)
        if code < 32 or 0x7F <= code < 0xA0 or c in BIDI_CONTROLS or 0xD800 <= code < 0xE000:
            return c
    return None


def name(value: str, what: str, max_len: int) -> str:
    """A name: stripped, 1-``max_len`` characters, no control or bidi-override characters."""
    value = value.strip()
    bad = unsafe_character(value)
    if not value or len(value) > max_len or bad is not None:
        detail = f" (found U+{ord(bad):04X})" if bad is not None else ""
        raise ValidationError(
            f"{what} must be 1-{max_len} printable characters, without control or bidi "
            f"characters{detail}"
        )
    return value


def text(value: str, what: str, max_len: int) -> str:
    """Free text (rendered inert on display): at most ``max_len`` characters, valid Unicode."""
    if len(value) > max_len:
        raise ValidationError(f"{what} is longer than {max_len} characters ({len(value)})")
    if any(0xD800 <= ord(c) < 0xE000 for c in value):
        raise ValidationError(f"{what} is not valid UTF-8 text")
    if "\x00" in value:  # PostgreSQL text cannot hold it; no one types it
        raise ValidationError(f"{what} contains a NUL character")
    return value


def one_line(value: str | None, what: str, max_len: int) -> str | None:
    """Free text on one line (whitespace collapsed); None or empty stays None."""
    if value is None:
        return None
    value = " ".join(value.split())
    return text(value, what, max_len) if value else None


def evidence_url(url: str) -> str:
    """An http(s) URL with a host; anything else (javascript:, file:, relative) is refused."""
    url = url.strip()
    if not url:
        raise ValidationError("evidence URL is empty")
    if len(url) > MAX_URL:
        raise ValidationError(f"evidence URL is longer than {MAX_URL} characters")
    if any(c.isspace() for c in url) or unsafe_character(url) is not None:
        raise ValidationError(
            f"evidence URL must not contain spaces or control characters: {shown(url)}"
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # e.g. "Invalid IPv6 URL"
        raise ValidationError(f"invalid evidence URL {shown(url)}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(f"evidence must be an http:// or https:// URL, got {shown(url)}")
    if not host:
        raise ValidationError(f"evidence URL has no host: {shown(url)}")
    return url


def evidence_title(title: str | None, url: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        parts = urlsplit(url)
        title = (parts.hostname or "") + (
            parts.path.rstrip("/") if parts.path not in ("", "/") else ""
        )
    return text(title, "evidence title", MAX_TITLE)


def handle(value: str) -> str:
    value = value.strip().removeprefix("@")
    if not HANDLE_RE.match(value):
        raise ValidationError(
            f"invalid owner handle {shown(value)}: use letters, digits, '.', '_' or '-' (max 64)"
        )
    return value


def email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > MAX_EMAIL or not EMAIL_RE.match(value) or unsafe_character(value):
        raise ValidationError(f"invalid e-mail address {shown(value)}")
    return value


def iso_date(value: str, what: str = "date") -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"invalid {what} {shown(value)}: use YYYY-MM-DD") from None
    return date_in_range(day, what)


def date_in_range(day: date, what: str = "date") -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise ValidationError(
            f"{what} {day.isoformat()} is out of range: use a date from {MIN_DATE.year} to "
            f"{MAX_DATE.year}"
        )
    return day


def notes(value: str) -> str:
    if len(value) > MAX_NOTES:
        raise ValidationError(f"notes are longer than {MAX_NOTES} characters")
    return text(value, "notes", MAX_NOTES)


def release_name(value: str) -> str:
    return name(value, "a release name", MAX_RELEASE_NAME)


def actor(value: str) -> str:
    """Who is acting (``--as``): recorded in the audit log, shown in every history."""
    return name(value, "the acting user (--as / TRACKER_USER)", MAX_ACTOR)


def key_value(pair: str) -> tuple[str, str]:
    if "=" not in pair:
        raise ValidationError(f"expected KEY=VALUE, got {shown(pair)}")
    key, value = pair.split("=", 1)
    key = key.strip()
    if not key:
        raise ValidationError(f"expected KEY=VALUE, got {shown(pair)}")
    return key, text(value.strip(), f"the value of {shown(key)}", MAX_VARIABLE_VALUE)
