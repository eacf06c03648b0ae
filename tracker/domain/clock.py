"""Time as an explicit dependency: "now" is an aware UTC instant, "today" is a local date.

Everything that decides whether something is due or overdue takes a ``today`` computed by a
``Clock`` in the user's time zone, so tests pin time with ``FixedClock`` and never sleep or patch.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol, runtime_checkable

from tracker.errors import ConfigError

TZ_ENV_VAR = "TRACKER_TZ"


@runtime_checkable
class Clock(Protocol):
    """Where the current time comes from."""

    @property
    def tz(self) -> tzinfo:
        """The user's time zone: dates shown and compared are local to it."""
        ...

    def now(self) -> datetime:
        """The current instant, aware, in UTC."""
        ...

    def today(self) -> date:
        """The current date in the clock's time zone."""
        ...


def local_date(dt_utc: datetime, tz: tzinfo) -> date:
    """The calendar date of an instant in ``tz``.

    A naive datetime is taken to be UTC: that is how the database hands timestamps back on SQLite.
    """
    aware = dt_utc if dt_utc.tzinfo is not None else dt_utc.replace(tzinfo=UTC)
    return aware.astimezone(tz).date()


def to_local(dt_utc: datetime, tz: tzinfo) -> datetime:
    """The instant as a wall-clock time in ``tz`` (naive datetimes are taken to be UTC)."""
    aware = dt_utc if dt_utc.tzinfo is not None else dt_utc.replace(tzinfo=UTC)
    return aware.astimezone(tz)


class SystemClock:
    """The real clock. Without a ``tz`` it follows the operating system's local zone, looked up
    at every call so a long-running TUI crosses DST changes correctly."""

    __slots__ = ("_tz",)

    def __init__(self, tz: tzinfo | None = None) -> None:
        self._tz = tz

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SystemClock:
        """A clock in ``$TRACKER_TZ`` (an IANA name such as ``Europe/London``) if set, else the
        OS zone. Raises ``ConfigError`` for an unknown zone name."""
        env = os.environ if environ is None else environ
        name = env.get(TZ_ENV_VAR, "").strip()
        if not name:
            return cls()
        try:
            from zoneinfo import ZoneInfo  # only when TRACKER_TZ is set (start-up time)

            return cls(ZoneInfo(name))
        except (LookupError, ValueError) as exc:  # ZoneInfoNotFoundError is a KeyError
            raise ConfigError(f"{TZ_ENV_VAR}={name!r} is not a known time zone") from exc

    @property
    def tz(self) -> tzinfo:
        if self._tz is not None:
            return self._tz
        local = datetime.now(UTC).astimezone().tzinfo
        return local if local is not None else UTC

    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        now = self.now()
        return (now.astimezone(self._tz) if self._tz is not None else now.astimezone()).date()

    def __repr__(self) -> str:
        return f"SystemClock(tz={self._tz!r})"


@dataclass(frozen=True, slots=True)
class FixedClock:
    """A clock stopped at ``at`` (must be aware), seen from ``tz``. For tests and snapshots."""

    at: datetime
    tz: tzinfo = UTC

    def __post_init__(self) -> None:
        if self.at.tzinfo is None or self.at.utcoffset() is None:
            raise ValueError("FixedClock needs an aware datetime")
        object.__setattr__(self, "at", self.at.astimezone(UTC))

    def now(self) -> datetime:
        return self.at

    def today(self) -> date:
        return local_date(self.at, self.tz)

    def advanced(self, delta: timedelta) -> FixedClock:
        """The same clock ``delta`` later."""
        return FixedClock(self.at + delta, self.tz)


NOW_ENV_VAR = "TRACKER_NOW"


def clock_from_env(environ: Mapping[str, str] | None = None) -> Clock:
    """``$TRACKER_NOW`` (an ISO date or date-time; a date means its 09:00 UTC) freezes the
    clock, for walk-throughs and end-to-end tests of expiries; otherwise the system clock
    (in ``$TRACKER_TZ`` if set)."""
    env = os.environ if environ is None else environ
    raw = env.get(NOW_ENV_VAR, "").strip()
    if not raw:
        return SystemClock.from_env(env)
    tz = SystemClock.from_env(env)._tz or UTC
    try:
        at = datetime.fromisoformat(raw)
    except ValueError:
        raise ConfigError(
            f"{NOW_ENV_VAR}={raw!r} is not an ISO date or date-time (e.g. 2026-12-01T09:00Z)"
        ) from None
    if len(raw) == 10:  # a bare date
        at = at.replace(hour=9)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return FixedClock(at, tz)
