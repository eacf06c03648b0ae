"""What the fake workspace records of each request (``FakeWorkspace.requests``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REDACTED = "Bearer <redacted>"


@dataclass
class RecordedRequest:
    """One request as the fake saw it. The Authorization header is redacted; ``status`` is the answer."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any = None
    parameters: dict[str, str] = field(default_factory=dict)
    """Bound SQL parameters (name -> value) of a statement execution, else empty."""
    status: int | None = None
    fault: str | None = None
    """The route pattern of the injected fault that answered or delayed the request, if any."""


def redact(headers: dict[str, str]) -> dict[str, str]:
    """The headers with the Authorization header redacted (tokens are never recorded)."""
    return {k: (REDACTED if k.lower() == "authorization" else v) for k, v in headers.items()}


def statement_parameters(path: str, body: Any) -> dict[str, str]:
    """The bound parameters (name -> value) of a SQL statement execution, else empty."""
    if not path.startswith("/api/2.0/sql/statements") or not isinstance(body, dict):
        return {}
    return {
        str(p.get("name")): "" if p.get("value") is None else str(p.get("value"))
        for p in body.get("parameters") or []
        if isinstance(p, dict)
    }
