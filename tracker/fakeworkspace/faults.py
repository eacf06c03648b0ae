"""Injected faults: error responses, throttling and delays, matched on ``"METHOD /path"``."""

from __future__ import annotations

import fnmatch
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_ERROR_CODES = {
    400: "INVALID_PARAMETER_VALUE",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "RESOURCE_DOES_NOT_EXIST",
    409: "RESOURCE_CONFLICT",
    429: "REQUEST_LIMIT_EXCEEDED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    503: "TEMPORARILY_UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class Fault(BaseModel):
    """One injected fault.

    ``route`` is matched against ``"METHOD /path"`` (no query string): a pattern that starts with
    ``^`` is a regular expression (``re.search``); anything else is a case-sensitive glob where
    ``*`` also crosses ``/``. A glob without a method (``/api/2.0/...``) matches every method.
    With ``status`` the request is answered with that error; with only ``delay_ms`` the request is
    delayed and then served normally. ``times`` limits how often the fault fires (then it is spent
    and later requests pass through); omitted = forever.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    route: str
    status: int | None = Field(None, ge=400, le=599)
    error_code: str | None = None
    message: str | None = None
    retry_after: int | None = Field(None, ge=0)
    times: int | None = Field(None, ge=1)
    delay_ms: int = Field(0, ge=0)

    @model_validator(mode="after")
    def _does_something(self) -> Fault:
        if self.status is None and self.delay_ms == 0:
            raise ValueError("a fault needs a 'status' or a 'delay_ms'")
        if self.route.startswith("^"):
            try:
                re.compile(self.route)
            except re.error as exc:
                raise ValueError(
                    f"invalid route regular expression {self.route!r}: {exc}"
                ) from None
        return self

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request."""
        target = f"{method.upper()} {path}"
        if self.route.startswith("^"):
            return re.search(self.route, target) is not None
        method_part, space, path_part = self.route.partition(" ")
        if not space:  # no method: any method
            return fnmatch.fnmatchcase(path, self.route)
        return fnmatch.fnmatchcase(target, f"{method_part.upper()} {path_part}")

    def error_body(self) -> dict[str, Any]:
        """The JSON error body this fault answers with (only meaningful when ``status`` is set)."""
        status = self.status or 500
        code = self.error_code or DEFAULT_ERROR_CODES.get(status, "UNKNOWN")
        message = self.message or f"{code} (injected by the fake workspace)"
        return {"error_code": code, "message": message}


@dataclass(frozen=True)
class FiredFault:
    """What a matching fault asks the server to do for one request."""

    fault: Fault
    delay_s: float

    @property
    def status(self) -> int | None:
        return self.fault.status


@dataclass
class _Entry:
    fault: Fault
    fired: int = 0


class FaultBook:
    """The active faults with their use counters; safe to use from many handler threads."""

    def __init__(self, faults: list[Fault] | None = None) -> None:
        self._lock = threading.Lock()
        self._entries = [_Entry(fault) for fault in faults or []]

    def fire(self, method: str, path: str) -> FiredFault | None:
        """The first unspent fault matching the request (its counter is advanced), or ``None``."""
        with self._lock:
            for entry in self._entries:
                fault = entry.fault
                if fault.times is not None and entry.fired >= fault.times:
                    continue
                if fault.matches(method, path):
                    entry.fired += 1
                    return FiredFault(fault, fault.delay_ms / 1000)
        return None

    def set(self, route: str, fault: Fault | Mapping[str, Any]) -> Fault:
        """Add a fault for ``route`` ahead of all others, replacing one with the same route."""
        if isinstance(fault, Fault):
            built = fault.model_copy(update={"route": route})
            built = Fault.model_validate(built.model_dump())
        else:
            built = Fault.model_validate({**fault, "route": route})
        with self._lock:
            self._entries = [e for e in self._entries if e.fault.route != route]
            self._entries.insert(0, _Entry(built))
        return built

    def clear(self) -> None:
        """Remove every fault, the scenario's included."""
        with self._lock:
            self._entries = []

    def fired_count(self, route: str) -> int:
        """How often the fault(s) with this route pattern fired so far."""
        with self._lock:
            return sum(e.fired for e in self._entries if e.fault.route == route)

    @property
    def faults(self) -> list[Fault]:
        with self._lock:
            return [e.fault for e in self._entries]
