"""The user settings file (issue 10, point 13): values, one-line errors naming the key, and the
precedence flag > environment > settings file > default."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import config
from tracker.errors import ConfigError
from tracker.settings import check_binding_ids, load_settings, parse_settings

GOOD = b"""
database = "~/team.db"
export_dir = "~/exports"
timezone = "Europe/Berlin"
stale_days = 3

[keys]
toggle-done = "x"
quit = "q,ctrl+q"
"""


def test_a_full_file() -> None:
    s = parse_settings(GOOD, Path("s.toml"))
    assert (s.database, s.timezone, s.stale_days) == ("~/team.db", "Europe/Berlin", 3)
    assert s.export_dir == Path("~/exports").expanduser()
    assert s.keys == {"toggle-done": "x", "quit": "q,ctrl+q"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"stale_days = 'x'", "stale_days must be a whole number from 0 to 3650, not 'x'"),
        (b"stale_days = -1", "stale_days must be a whole number"),
        (b"stale_days = true", "stale_days must be a whole number"),
        (b"timezone = 'Mars/Olympus'", "timezone 'Mars/Olympus' is not a known time zone"),
        (b"database = ''", "database must be a non-empty string"),
        (b"export_dir = 3", "export_dir must be a non-empty string"),
        (b"colour = 'red'", "unknown key 'colour' (known: database, export_dir"),
        (b"keys = 'x'", "keys must be a table"),
        (b"[keys]\ntoggle-done = 'a b'", "keys.toggle-done must be a key name"),
        (b"[keys]\n'Bad Id' = 'x'", "keys.Bad Id is not a binding id"),
        (b"stale_days = ", "not valid TOML"),
        (b"\xff\xfe", "not UTF-8 text"),
    ],
)
def test_bad_values_are_one_line_naming_the_key(text: bytes, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_settings(text, Path("/home/u/.config/tracker/settings.toml"))
    line = str(err.value)
    assert line.startswith("settings file /home/u/.config/tracker/settings.toml: ")
    assert message in line and "\n" not in line
    assert err.value.exit_code == 2


def test_unknown_binding_id() -> None:
    s = parse_settings(b"[keys]\nno-such-thing = 'x'", Path("s.toml"))
    with pytest.raises(ConfigError, match=r"keys\.no-such-thing: no such binding id"):
        check_binding_ids(s, {"toggle-done"})


@pytest.fixture
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "settings.toml"
    monkeypatch.setenv("TRACKER_SETTINGS", str(path))
    return path


def test_precedence_database(settings_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert config.resolve_db_url(None) == config.default_db_url()  # no file: the default
    settings_file.write_text('database = "sqlite:////tmp/from-settings.db"\n')
    assert config.resolve_db_url(None) == "sqlite:////tmp/from-settings.db"
    monkeypatch.setenv("TRACKER_DB", "sqlite:////tmp/from-env.db")
    assert config.resolve_db_url(None) == "sqlite:////tmp/from-env.db"
    assert config.resolve_db_url("sqlite:////tmp/flag.db") == "sqlite:////tmp/flag.db"


def test_precedence_stale_days_and_timezone(
    settings_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings_file.write_text('stale_days = 2\ntimezone = "Asia/Tokyo"\n')
    assert config.stale_after_days() == 2
    assert config.clock_environ()["TRACKER_TZ"] == "Asia/Tokyo"
    monkeypatch.setenv("TRACKER_STALE_DAYS", "9")
    monkeypatch.setenv("TRACKER_TZ", "Europe/Paris")
    assert config.stale_after_days() == 9
    assert config.clock_environ()["TRACKER_TZ"] == "Europe/Paris"


def test_export_dir_last_used_then_settings_never_cwd(
    settings_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert config.default_export_dir() != Path.cwd()
    (tmp_path / "exports").mkdir()
    settings_file.write_text(f'export_dir = "{tmp_path / "exports"}"\n')
    assert config.default_export_dir() == tmp_path / "exports"
    (tmp_path / "last").mkdir()
    config.remember_export_dir(tmp_path / "last")
    assert config.default_export_dir() == tmp_path / "last"


def test_reread_when_changed(settings_file: Path) -> None:
    settings_file.write_text("stale_days = 1\n")
    assert load_settings().stale_days == 1
    settings_file.write_text("stale_days = 22\n")
    import os

    os.utime(settings_file, ns=(1, 10**18))
    assert load_settings().stale_days == 22
