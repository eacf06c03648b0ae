"""Settings from flags, environment and the settings file: database URL, acting user, template
search path, time zone, stale days, export folder.

Precedence everywhere: command-line flag, then environment variable, then the user's settings
file (``tracker.settings``), then the built-in default.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.models import DEFAULT_STALE_DAYS

if TYPE_CHECKING:
    from tracker.settings import UserSettings

ENV_DB = "TRACKER_DB"
ENV_USER = "TRACKER_USER"
ENV_TEMPLATES = "TRACKER_TEMPLATES"
ENV_STALE_DAYS = "TRACKER_STALE_DAYS"
ENV_TZ = "TRACKER_TZ"
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
    url = flag or os.environ.get(ENV_DB) or _settings().database or default_db_url()
    # A bare path is friendlier than a URL for the common SQLite case.
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def refuse_missing_folder(url: str) -> None:
    """A SQLite database at a non-default path whose folder does not exist is a typo until
    ``tracker db init`` says otherwise."""
    if url == default_db_url() or not url.startswith("sqlite:///"):
        return
    path = url.removeprefix("sqlite:///").split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    folder = Path(path).expanduser().parent
    if not folder.is_dir():
        from tracker.errors import ConfigError

        raise ConfigError(f"no such directory {folder}; create it or run `tracker db init {url}`")


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
        if raw:
            return max(0, int(raw))
    except ValueError:
        pass
    days = _settings().stale_days
    return DEFAULT_STALE_DAYS if days is None else days


def _settings() -> UserSettings:
    from tracker.settings import load_settings

    return load_settings()


def clock_environ() -> Mapping[str, str]:
    """The environment the clock reads, with the settings file's time zone filled in when
    ``$TRACKER_TZ`` is not set."""
    env = os.environ
    if env.get(ENV_TZ, "").strip():
        return env
    zone = _settings().timezone
    return {**env, ENV_TZ: zone} if zone else env


def last_export_file() -> Path:
    """Where the app remembers the folder of the last export."""
    return user_data_dir() / "last-export-dir"


def last_export_dir() -> Path | None:
    """The folder of the app's last export (this or an earlier session), if it still exists."""
    try:
        last = Path(last_export_file().read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return last if last.is_absolute() and last.is_dir() else None


def default_export_dir() -> Path:
    """The export dialog's first folder: the folder of the last export, else the settings
    file's ``export_dir``, else the user's documents folder (never the working directory)."""
    last = last_export_dir()
    if last is not None:
        return last
    configured = _settings().export_dir
    if configured is not None:
        return configured
    from platformdirs import user_documents_path

    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()


def remember_export_dir(folder: Path) -> None:
    """Remember the folder of a finished export for the next one (best effort)."""
    try:
        path = last_export_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(folder.resolve()), encoding="utf-8")
    except OSError:
        pass


@dataclass(frozen=True, slots=True)
class Settings:
    """Where the database is and who is acting, resolved from flags and environment."""

    db_url: str
    actor: str

    @classmethod
    def resolve(cls, db: str | None = None, actor: str | None = None) -> Settings:
        _settings()  # a bad settings file is an error for every command, not only some
        return cls(db_url=resolve_db_url(db), actor=resolve_actor(actor))
