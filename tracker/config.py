"""Settings from flags and environment: database URL, acting user, template search path.

Precedence everywhere: command-line flag, then environment variable, then default.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.models import DEFAULT_STALE_DAYS

ENV_DB = "TRACKER_DB"
ENV_USER = "TRACKER_USER"
ENV_TEMPLATES = "TRACKER_TEMPLATES"
ENV_STALE_DAYS = "TRACKER_STALE_DAYS"
APP_NAME = "tracker"
# Checks in flight at once during verification (the SDK keeps up to 20 connections per host).
DEFAULT_PARALLEL = 16


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_templates_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "checklists"


def default_db_url() -> str:
    return f"sqlite:///{user_data_dir() / 'tracker.db'}"


def resolve_db_url(flag: str | None) -> str:
    url = flag or os.environ.get(ENV_DB) or default_db_url()
    # A bare path is friendlier than a URL for the common SQLite case.
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def resolve_actor(flag: str | None) -> str:
    actor = (flag or os.environ.get(ENV_USER) or "").strip()
    if actor:
        from tracker.domain.validation import actor as valid_actor

        return valid_actor(actor)
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return "unknown"


def template_search_path() -> list[Path]:
    """Where ``--template ID`` is looked up: $TRACKER_TEMPLATES dirs, the user dir, bundled."""
    from tracker.paths import bundled_dir

    dirs = [Path(p).expanduser() for p in os.environ.get(ENV_TEMPLATES, "").split(os.pathsep) if p]
    dirs.append(user_templates_dir())
    dirs.append(bundled_dir("checklists"))
    return dirs


def stale_after_days() -> int:
    raw = os.environ.get(ENV_STALE_DAYS, "")
    try:
        return max(0, int(raw)) if raw else DEFAULT_STALE_DAYS
    except ValueError:
        return DEFAULT_STALE_DAYS


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the database is and who is acting, resolved from flags and environment."""

    db_url: str
    actor: str

    @classmethod
    def resolve(cls, db: str | None = None, actor: str | None = None) -> Settings:
        return cls(db_url=resolve_db_url(db), actor=resolve_actor(actor))
