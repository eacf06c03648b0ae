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


def evidence_url(url: str) -> str:
    """An http(s) URL with a host; anything else (javascript:, file:, relative) is refused."""
    url = url.strip()
    if not url:
        raise ValidationError("evidence URL is empty")
    if len(url) > MAX_URL:
        raise ValidationError(f"evidence URL is longer than {MAX_URL} characters")
    if any(c.isspace() for c in url) or any(ord(c) < 32 for c in url):
        raise ValidationError(
            f"evidence URL must not contain spaces or control characters: {url!r}"
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValidationError(f"evidence must be an http:// or https:// URL, got {url!r}")
    if not parts.hostname:
        raise ValidationError(f"evidence URL has no host: {url!r}")
    return url


def evidence_title(title: str | None, url: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        parts = urlsplit(url)
        title = (parts.hostname or "") + (
            parts.path.rstrip("/") if parts.path not in ("", "/") else ""
        )
    if len(title) > MAX_TITLE:
        raise ValidationError(f"evidence title is longer than {MAX_TITLE} characters")
    return title


def handle(value: str) -> str:
    value = value.strip().removeprefix("@")
    if not HANDLE_RE.match(value):
        raise ValidationError(
            f"invalid owner handle {value!r}: use letters, digits, '.', '_' or '-' (max 64)"
        )
    return value


def email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if not EMAIL_RE.match(value):
        raise ValidationError(f"invalid e-mail address {value!r}")
    return value


def iso_date(value: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError(f"invalid {what} {value!r}: use YYYY-MM-DD") from None


def notes(value: str) -> str:
    if len(value) > MAX_NOTES:
        raise ValidationError(f"notes are longer than {MAX_NOTES} characters")
    return value


def release_name(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 200 or any(ord(c) < 32 for c in value):
        raise ValidationError("a release name must be 1-200 printable characters")
    return value


def key_value(pair: str) -> tuple[str, str]:
    if "=" not in pair:
        raise ValidationError(f"expected KEY=VALUE, got {pair!r}")
    key, value = pair.split("=", 1)
    key = key.strip()
    if not key:
        raise ValidationError(f"expected KEY=VALUE, got {pair!r}")
    return key, value.strip()
