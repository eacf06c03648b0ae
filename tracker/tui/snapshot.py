"""The last release the app showed, kept between runs so the next start paints at once.

Start-up is dominated by imports: the database layer (SQLAlchemy) costs as much as Textual
itself. With a snapshot, the app draws the checklist from it while a thread opens the database;
the fresh state then replaces the snapshot's through the same path as changes made by others
(cursor kept). A change made before the fresh state arrives is still checked against the stored
version, so the snapshot can never overwrite anything.

The file is JSON (never pickle), one per database, in the user's data directory. Any problem
reading it means no snapshot.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from tracker.domain.models import CheckResult, Evidence, Owner, Release, ReleaseItem, ReleaseView
from tracker.errors import TrackerError

FORMAT = 1
_CLASSES = {cls.__name__: cls for cls in (Release, ReleaseItem, Evidence, CheckResult, Owner)}


@dataclasses.dataclass(frozen=True, slots=True)
class Snapshot:
    """The release view last shown and the change token it was read at."""

    view: ReleaseView
    token: int


def snapshot_path(db_url: str) -> Path:
    from tracker.config import user_data_dir

    digest = hashlib.sha256(db_url.encode()).hexdigest()[:20]
    return user_data_dir() / "tui" / f"last-release-{digest}.json"


# --- encoding ----------------------------------------------------------------------------------
def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    return value


Decoder = typing.Callable[[Any], Any]


def _keep(raw: Any) -> Any:
    return raw


@functools.cache
def _decoder(kind: Any) -> Decoder:
    """A function turning JSON back into ``kind``; built once per type (start-up time)."""
    if kind in (str, int, float, bool):
        return _keep
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        inner = _decoder(options[0])
        return lambda raw: None if raw is None else inner(raw)
    if origin is tuple:
        element = _decoder(typing.get_args(kind)[0])
        return lambda raw: tuple(element(v) for v in raw)
    if origin is dict:
        return dict
    if isinstance(kind, type):
        if kind.__name__ in _CLASSES:
            return _dataclass_decoder(_CLASSES[kind.__name__])
        if issubclass(kind, Enum):
            return kind
        if kind is datetime:
            return datetime.fromisoformat
        if kind is date:
            return date.fromisoformat
    return _keep


def _dataclass_decoder(cls: type) -> Decoder:
    fields = {name: _decoder(hint) for name, hint in typing.get_type_hints(cls).items()}
    # Only fields that need converting are visited: most are plain JSON values.
    converted = [(name, decode) for name, decode in fields.items() if decode is not _keep]

    def decode(raw: dict[str, Any]) -> Any:
        values = {k: v for k, v in raw.items() if k in fields}
        for name, convert in converted:
            if name in values:
                values[name] = convert(values[name])
        return cls(**values)

    return decode


def dumps(snapshot: Snapshot) -> str:
    view = snapshot.view
    data = {
        "format": FORMAT,
        "token": snapshot.token,
        "release": _encode(view.release),
        "items": _encode(view.items),
        "owners": _encode(view.owners),
    }
    return json.dumps(data, ensure_ascii=False)


def loads(text: str) -> Snapshot:
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError("unknown snapshot format")
    item, owner = _decoder(ReleaseItem), _decoder(Owner)
    view = ReleaseView(
        release=_decoder(Release)(data["release"]),
        items=tuple(item(i) for i in data["items"]),
        owners=tuple(owner(o) for o in data["owners"]),
    )
    return Snapshot(view, int(data["token"]))


def load(path: Path) -> Snapshot | None:
    try:
        return loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, snapshot: Snapshot) -> None:
    """Write atomically; failing to save is not worth bothering the user about."""
    from tracker.files import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, dumps(snapshot))
    except (OSError, TrackerError):
        return
