"""The user's settings file: ``settings.toml`` in the user config dir (or ``$TRACKER_SETTINGS``).

```toml
database = "~/team/tracker.db"   # or a URL, e.g. "postgresql://db.example/tracker"
export_dir = "~/exports"         # the app's export dialog starts here
timezone = "Europe/Berlin"       # due dates and "today"
stale_days = 7                   # a passed check older than this is stale

[keys]                           # key remaps by binding id (see the help screen, `?`)
toggle-done = "x"
quit = "q,ctrl+q"
```

Precedence everywhere: command-line flag, then environment variable, then this file, then the
built-in default. A bad file or value is one ``ConfigError`` naming the file and the key (exit 2).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError

ENV_SETTINGS = "TRACKER_SETTINGS"
FILE_NAME = "settings.toml"
MAX_BYTES = 64 * 1024
MAX_STALE_DAYS = 3650
KNOWN_KEYS = ("database", "export_dir", "timezone", "stale_days", "keys")
_KEY_RE = re.compile(r"^[A-Za-z0-9_+\-]+(,[A-Za-z0-9_+\-]+)*$")
_BINDING_ID_RE = re.compile(r"^[a-z0-9][a-z0-9\-]*$")


@dataclass(frozen=True, slots=True)
class UserSettings:
    """What the settings file says; None (or empty) where it says nothing."""

    path: Path | None = None
    database: str | None = None
    export_dir: Path | None = None
    timezone: str | None = None
    stale_days: int | None = None
    keys: dict[str, str] = field(default_factory=dict)


def settings_path() -> Path:
    """``$TRACKER_SETTINGS``, else ``settings.toml`` in the user config dir."""
    env = os.environ.get(ENV_SETTINGS, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path("tracker", appauthor=False) / FILE_NAME


def load_settings() -> UserSettings:
    """The settings file (read again only when it changed); an absent file is empty settings."""
    path = settings_path()
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = -1
    return _load(str(path), stamp)


@lru_cache(maxsize=4)
def _load(path_text: str, _stamp: int) -> UserSettings:
    path = Path(path_text)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(f"settings file {path}: larger than {MAX_BYTES // 1024} KiB")
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserSettings()
    except (OSError, ValueError) as exc:
        raise ConfigError(f"settings file {path}: cannot read it: {exc}") from None
    return parse_settings(raw, path)


def parse_settings(raw: bytes, path: Path) -> UserSettings:
    """Validate the file's text: unknown keys and bad values are errors naming the key."""
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"settings file {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path}: not valid TOML: {exc}") from None
    where = f"settings file {path}"
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KNOWN_KEYS)})")
    return UserSettings(
        path=path,
        database=_text(data, "database", where),
        export_dir=_folder(data, where),
        timezone=_timezone(data, where),
        stale_days=_stale_days(data, where),
        keys=_keys(data, where),
    )


def _text(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 2000:
        raise ConfigError(f"{where}: {key} must be a non-empty string, not {value!r}")
    if any(ord(c) < 32 for c in value):
        raise ConfigError(f"{where}: {key} must not contain control characters")
    return value.strip()


def _folder(data: dict[str, Any], where: str) -> Path | None:
    text = _text(data, "export_dir", where)
    return Path(text).expanduser() if text else None


def _timezone(data: dict[str, Any], where: str) -> str | None:
    name = _text(data, "timezone", where)
    if name is None:
        return None
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except (LookupError, ValueError):
        raise ConfigError(f"{where}: timezone {name!r} is not a known time zone") from None
    return name


def _stale_days(data: dict[str, Any], where: str) -> int | None:
    value = data.get("stale_days")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_STALE_DAYS:
        raise ConfigError(
            f"{where}: stale_days must be a whole number from 0 to {MAX_STALE_DAYS}, not {value!r}"
        )
    return value


def _keys(data: dict[str, Any], where: str) -> dict[str, str]:
    table = data.get("keys", {})
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: keys must be a table of binding id = "key"')
    keys: dict[str, str] = {}
    for binding_id, key in table.items():
        if not _BINDING_ID_RE.match(binding_id):
            raise ConfigError(f"{where}: keys.{binding_id} is not a binding id")
        if not isinstance(key, str) or not _KEY_RE.match(key.strip()):
            raise ConfigError(
                f'{where}: keys.{binding_id} must be a key name such as "x" or "ctrl+q", '
                f"not {key!r}"
            )
        keys[binding_id] = key.strip()
    return keys


def check_binding_ids(settings: UserSettings, known: set[str]) -> None:
    """Refuse remaps of binding ids the app does not have (the caller knows which exist)."""
    for binding_id in settings.keys:
        if binding_id not in known:
            raise ConfigError(
                f"settings file {settings.path}: keys.{binding_id}: no such binding id "
                "(the help screen, `?`, lists them)"
            )
