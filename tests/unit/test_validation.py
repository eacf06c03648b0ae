"""Validation of user-supplied values, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain import validation as v
from tracker.errors import ValidationError


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com", "https://example.com"),
        ("http://example.com/a/b?c=d#e", "http://example.com/a/b?c=d#e"),
        ("  https://example.com/padded  ", "https://example.com/padded"),
        ("HTTPS://EXAMPLE.COM/upper", "HTTPS://EXAMPLE.COM/upper"),
        ("https://user@example.com:8443/p", "https://user@example.com:8443/p"),
        ("https://[::1]/ipv6", "https://[::1]/ipv6"),
        (
            "https://adb-123.azuredatabricks.net/#job/1/run/2",
            "https://adb-123.azuredatabricks.net/#job/1/run/2",
        ),
        ("https://example.com/" + "x" * 1980, "https://example.com/" + "x" * 1980),  # 2000 exactly
    ],
)
def test_good_evidence_urls(url: str, expected: str) -> None:
    assert v.evidence_url(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "evidence URL is empty"),
        ("   ", "evidence URL is empty"),
        ("javascript:alert(1)", "must be an http:// or https:// URL"),
        ("JavaScript://example.com/%0Aalert(1)", "must be an http:// or https:// URL"),
        ("data:text/html,hi", "must be an http:// or https:// URL"),
        ("ftp://example.com/f", "must be an http:// or https:// URL"),
        ("file:///etc/passwd", "must be an http:// or https:// URL"),
        ("mailto:a@example.com", "must be an http:// or https:// URL"),
        ("/relative/path", "must be an http:// or https:// URL"),
        ("example.com/x", "must be an http:// or https:// URL"),
        ("//example.com/x", "must be an http:// or https:// URL"),
        ("http://", "must be an http:// or https:// URL"),
        ("https:///path-only", "must be an http:// or https:// URL"),
        ("http://:80/", "has no host"),
        ("https://exa mple.com", "must not contain spaces"),
        ("https://example.com/a\tb", "must not contain spaces"),
        ("https://example.com/a\nb", "must not contain spaces"),
        ("https://example.com/\x00", "control characters"),
        ("https://example.com/" + "x" * 1981, "longer than 2000"),
    ],
)
def test_bad_evidence_urls(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        v.evidence_url(url)


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Runbook", "https://example.com", "Runbook"),
        ("  two \n lines ", "https://example.com", "two lines"),
        (None, "https://example.com/a/b/", "example.com/a/b"),
        ("", "https://example.com/", "example.com"),
        ("   ", "https://Example.COM", "example.com"),
        (None, "https://example.com/p?q=1#f", "example.com/p"),
        ("t" * 300, "https://example.com", "t" * 300),
    ],
)
def test_evidence_titles(title: str | None, url: str, expected: str) -> None:
    assert v.evidence_title(title, url) == expected


def test_too_long_evidence_title() -> None:
    with pytest.raises(ValidationError, match="longer than 300"):
        v.evidence_title("t" * 301, "https://example.com")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ana", "ana"),
        ("@ana", "ana"),
        (" ana.lima ", "ana.lima"),
        ("team_ml-1", "team_ml-1"),
        ("A" * 64, "A" * 64),
    ],
)
def test_good_handles(raw: str, expected: str) -> None:
    assert v.handle(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "@", "-ana", ".ana", "_ana", "a b", "ana!", "ana@x", "é", "A" * 65, "@@ana"]
)
def test_bad_handles(raw: str) -> None:
    with pytest.raises(ValidationError, match="invalid owner handle"):
        v.handle(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("ana@example.com", "ana@example.com"),
        (" a.b+c@x.co.uk ", "a.b+c@x.co.uk"),
    ],
)
def test_good_emails(raw: str | None, expected: str | None) -> None:
    assert v.email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["ana", "ana@", "@example.com", "ana@example", "a b@example.com", "a@b@c.com"]
)
def test_bad_emails(raw: str) -> None:
    with pytest.raises(ValidationError, match="invalid e-mail"):
        v.email(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        (" 2028-02-29 ", date(2028, 2, 29)),
        ("20261126", date(2026, 11, 26)),
    ],
)
def test_good_dates(raw: str, expected: date) -> None:
    assert v.iso_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "tomorrow", "2026-13-01", "2026-02-30", "2027-02-29", "26/11/2026", "2026-11-26T10:00"],
)
def test_bad_dates(raw: str) -> None:
    with pytest.raises(ValidationError, match=r"invalid go-live date .*: use YYYY-MM-DD"):
        v.iso_date(raw, "go-live date")


def test_notes_length() -> None:
    assert v.notes("x" * 20_000) == "x" * 20_000
    with pytest.raises(ValidationError, match="longer than 20000"):
        v.notes("x" * 20_001)


@pytest.mark.parametrize(
    ("raw", "expected"), [("r1", "r1"), ("  spaced name  ", "spaced name"), ("ü" * 200, "ü" * 200)]
)
def test_good_release_names(raw: str, expected: str) -> None:
    assert v.release_name(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "a\nb", "tab\there", "bell\x07", "x" * 201])
def test_bad_release_names(raw: str) -> None:
    with pytest.raises(ValidationError, match="1-200 printable characters"):
        v.release_name(raw)


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        ("catalog=prod_ml", ("catalog", "prod_ml")),
        (" catalog = prod_ml ", ("catalog", "prod_ml")),
        ("regex=^a=b$", ("regex", "^a=b$")),  # only the first '=' splits
        ("empty=", ("empty", "")),
    ],
)
def test_good_key_values(pair: str, expected: tuple[str, str]) -> None:
    assert v.key_value(pair) == expected


@pytest.mark.parametrize("pair", ["catalog", "=value", " =value", ""])
def test_bad_key_values(pair: str) -> None:
    with pytest.raises(ValidationError, match="expected KEY=VALUE"):
        v.key_value(pair)
