"""Time placeholders that keep scenario data fresh: ``${now}``, ``${now-2h}``, ``${now_ms-1d}``, ``${today-400d}``."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

_PLACEHOLDER = re.compile(r"\$\{(now_ms|now_s|now|today)(?:([+-])(\d+)([smhdw]))?\}")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _placeholder_value(match: re.Match[str], now: datetime) -> int | str:
    kind, sign, amount, unit = match.groups()
    instant = now
    if amount is not None:
        delta = timedelta(**{_UNITS[unit]: int(amount)})
        instant = now + delta if sign == "+" else now - delta
    instant = instant.astimezone(UTC)
    if kind == "now_ms":
        return int(instant.timestamp() * 1000)
    if kind == "now_s":
        return int(instant.timestamp())
    if kind == "today":
        return instant.date().isoformat()
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def resolve_placeholders(data: Any, now: datetime) -> Any:
    """Replace time placeholders in every string of ``data``.

    A string that is exactly one ``now_ms``/``now_s`` placeholder becomes an integer (epoch
    milliseconds/seconds); other placeholders are substituted as ISO-8601 text (``now``) or a date.
    """

    def substitute(text: str) -> Any:
        whole = _PLACEHOLDER.fullmatch(text)
        if whole is not None:
            return _placeholder_value(whole, now)
        return _PLACEHOLDER.sub(lambda m: str(_placeholder_value(m, now)), text)

    return _walk(data, substitute)


def _walk(data: Any, on_string: Callable[[str], Any]) -> Any:
    if isinstance(data, str):
        return on_string(data) if "${" in data else data
    if isinstance(data, list):
        return [_walk(item, on_string) for item in data]
    if isinstance(data, dict):
        return {key: _walk(value, on_string) for key, value in data.items()}
    return data
