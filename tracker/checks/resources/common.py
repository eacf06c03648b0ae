"""Shared helpers of the resource readers: existence (``if_exists``), name matching, timestamps."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from tracker.checks.model import CheckContext

P = ParamSpec("P")


T = TypeVar("T")


def mentions(text: str | None, name: str) -> bool:
    """``name`` appears in ``text`` as a whole name, case-insensitively: ``churn-prod`` is not
    in ``churn-prod-v2`` nor ``churn_prod`` in ``churn_prod_v2`` (letters, digits, ``_`` and
    ``-`` continue a name; a ``.`` may qualify it: ``monitoring.churn_prod_payload``)."""
    if not text or not name:
        return False
    pattern = rf"(?<![\w-]){re.escape(name)}(?![\w-]|\.\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def parse_timestamp(value: Any) -> datetime | None:
    """An ISO-8601 timestamp (a SQL TIMESTAMP as the Statement Execution API returns it, or an
    API's timestamp string) in UTC; ``None`` when there is none or it does not parse."""
    if value is None:
        return None
    text = str(value).strip().replace(" ", "T", 1)
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def found_by_name(
    read: Callable[[CheckContext, str], T], ctx: CheckContext, names: Iterable[str]
) -> tuple[dict[str, T], list[str]]:
    """``read`` each name: (name -> what was found, the names that do not exist)."""
    found: dict[str, T] = {}
    missing: list[str] = []
    for name in names:
        value = if_exists(read, ctx, name)
        if value is None:
            missing.append(name)
        else:
            found[name] = value
    return found, missing


_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def quote_table_name(full_name: str) -> str:
    """```catalog`.`schema`.`table``` for SQL text. Identifiers cannot be bound as parameters, so
    the name is checked strictly first (three parts of letters, digits, ``_`` and ``-``);
    ``ValueError`` otherwise."""
    parts = full_name.strip().split(".")
    if len(parts) != 3 or any(not p or not set(p) <= _IDENTIFIER_CHARS for p in parts):
        raise ValueError(f"not a plain three-part table name: {full_name!r}")
    return ".".join(f"`{p}`" for p in parts)


def unavailable(exc: BaseException) -> bool:
    """The API is not available here (feature disabled, not rolled out): the runner's SKIPPED
    codes. A check that only *adds* a fact from such an API records "unavailable" instead."""
    from tracker.checks.errors import UNAVAILABLE_CODES

    return str(getattr(exc, "error_code", "") or "") in UNAVAILABLE_CODES


def if_exists(read: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T | None:
    """``read(*args, **kwargs)``, or ``None`` when the resource does not exist (``NotFound``).

    An API that is not available here also answers with a ``NotFound`` subclass
    (``ENDPOINT_NOT_FOUND``, ...): that one is raised on, so the runner answers SKIPPED rather
    than the check reporting a missing resource. E.g.
    ``resources.if_exists(resources.serving_endpoint, ctx, name)``.
    """
    from databricks.sdk.errors import NotFound

    try:
        return read(*args, **kwargs)
    except NotFound as exc:
        if unavailable(exc):
            raise
        return None


def enum_text(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "value", value))
