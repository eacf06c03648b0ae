"""The check catalogue: every module under ``tracker/checks/builtin/``, validated once.

Rules (prowler/checkov style): one check per file, file name == ``META.id``, ids unique, params
well-formed. Loading the catalogue must not import ``databricks.sdk`` (``tracker checks list``
stays fast): check modules import the SDK inside ``run`` or under ``TYPE_CHECKING`` only.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any, get_args

from tracker.checks.model import CheckContext, CheckMeta, ParamType, Result
from tracker.errors import NotFoundError

CHECK_ID = re.compile(r"^[a-z][a-z0-9_]*$")
PARAM_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ITEM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PARAM_TYPES = frozenset(get_args(ParamType))
SQL_CHECK_ID = "sql"  # the declarative SQL check (tracker.checks.sql), not a module in builtin/

RunFn = Callable[[CheckContext, dict[str, Any]], Result]


class CheckDefinitionError(Exception):
    """A check module breaks the catalogue's rules (a bug in tracker, caught by the tests)."""


@dataclass(frozen=True, slots=True)
class Check:
    meta: CheckMeta
    run: RunFn

    @property
    def id(self) -> str:
        return self.meta.id


def validate_meta(meta: CheckMeta, module_name: str) -> None:
    """Raise ``CheckDefinitionError`` if a check's metadata is malformed."""
    where = f"check module {module_name!r}"
    if meta.id != module_name:
        raise CheckDefinitionError(f"{where}: META.id {meta.id!r} must equal the file name")
    if not CHECK_ID.match(meta.id) or meta.id == SQL_CHECK_ID:
        raise CheckDefinitionError(f"{where}: invalid id {meta.id!r}")
    if not meta.title.strip() or not meta.remediation.strip() or not meta.permission.strip():
        raise CheckDefinitionError(f"{where}: title, permission and remediation are required")
    if not meta.docs.startswith("https://"):
        raise CheckDefinitionError(f"{where}: docs must be an https URL")
    if not meta.items or any(not ITEM_ID.match(i) for i in meta.items):
        raise CheckDefinitionError(f"{where}: items must be template item ids: {meta.items!r}")
    if meta.severity not in ("high", "medium", "low") or meta.kind not in ("auto", "partial"):
        raise CheckDefinitionError(f"{where}: bad severity or kind")
    if meta.clouds is not None and (not meta.clouds or not meta.clouds <= {"aws", "azure", "gcp"}):
        raise CheckDefinitionError(f"{where}: clouds must be a non-empty subset of aws/azure/gcp")
    seen: set[str] = set()
    for p in meta.params:
        if not PARAM_NAME.match(p.name) or p.name in seen:
            raise CheckDefinitionError(f"{where}: bad or duplicate param name {p.name!r}")
        seen.add(p.name)
        if p.type not in PARAM_TYPES:
            raise CheckDefinitionError(f"{where}: param {p.name!r} has unknown type {p.type!r}")
        if not p.description.strip():
            raise CheckDefinitionError(f"{where}: param {p.name!r} needs a description")
        if p.required and p.default is not None:
            raise CheckDefinitionError(f"{where}: param {p.name!r} is required but has a default")


def _load_module(module: ModuleType, name: str) -> Check:
    meta = getattr(module, "META", None)
    run = getattr(module, "run", None)
    if not isinstance(meta, CheckMeta) or not callable(run):
        raise CheckDefinitionError(f"check module {name!r} must define META: CheckMeta and run()")
    validate_meta(meta, name)
    return Check(meta=meta, run=run)


_lock = threading.Lock()
_catalogue: dict[str, Check] | None = None


def _discover() -> dict[str, Check]:
    from tracker.checks import builtin

    found: dict[str, Check] = {}
    for info in sorted(pkgutil.iter_modules(builtin.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.ispkg:
            continue
        module = importlib.import_module(f"{builtin.__name__}.{info.name}")
        check = _load_module(module, info.name)
        if check.id in found:  # cannot happen with id == file name, kept as a guard
            raise CheckDefinitionError(f"duplicate check id {check.id!r}")
        found[check.id] = check
    return found


def all_checks() -> list[Check]:
    """Every built-in check, sorted by id (loaded and validated on first use)."""
    global _catalogue
    with _lock:
        if _catalogue is None:
            _catalogue = _discover()
        return [_catalogue[k] for k in sorted(_catalogue)]


def get_check(check_id: str) -> Check:
    """A check by id; ``NotFoundError`` with close matches when unknown."""
    checks = {c.id: c for c in all_checks()}
    found = checks.get(check_id.strip())
    if found is None:
        from tracker.domain.names import suggest

        raise NotFoundError("check", check_id, suggest(check_id, list(checks)))
    return found


def checks_for_item(item_key: str) -> list[Check]:
    """The built-in checks that declare they verify a template item."""
    return [c for c in all_checks() if item_key in c.meta.items]
