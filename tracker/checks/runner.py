"""Run checks concurrently against one workspace, turning every outcome into a ``CheckRun``.

The runner resolves each target's parameters from the release variables, decides what it can
without the workspace (unknown check, unset variable, optional item), builds the run context
once (lazily: a run with nothing to ask the workspace never builds a client), then runs the
checks on a bounded thread pool. Any exception a check raises is mapped to a Result by
``tracker.checks.errors``; a check never crashes the run and an ERROR is never a PASS.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tracker.checks.context import collecting_unmatched, set_wait_hooks
from tracker.checks.errors import result_for_exception
from tracker.checks.model import CheckContext, CheckMeta, Param, Result, split_list
from tracker.checks.pass_rule import nothing_to_check, require_examined, with_unmatched
from tracker.config import DEFAULT_PARALLEL
from tracker.databricks import WorkspaceNotReached
from tracker.domain.enums import CheckOutcome
from tracker.domain.models import check_ref_id
from tracker.domain.variables import substitute_variables, unresolved_variables, variable_refs
from tracker.errors import NotFoundError

log = logging.getLogger(__name__)

MAX_PARALLEL = 32
MAX_THREADS = 64  # checks waiting for a shared resource hold a thread but not a permit


@dataclass(frozen=True, slots=True)
class CheckTarget:
    """One item's check to run: the template's ``check:`` dict and the release's variables."""

    item_key: str
    check: Mapping[str, Any]  # {"id": ..., "params": {...}} or {"sql": {...}}
    variables: Mapping[str, str] = field(default_factory=dict)
    optional: bool = False
    release: str | None = None  # for the "set the variable" hint

    @property
    def check_id(self) -> str:
        return check_ref_id(self.check) or "?"


@dataclass(frozen=True, slots=True)
class CheckRun:
    """A check's result for one item in one run."""

    item_key: str
    check_id: str
    title: str
    result: Result
    started_at: datetime
    duration_ms: int
    position: int = 0  # the target's index: results are returned in template order

    @property
    def outcome(self) -> CheckOutcome:
        return self.result.outcome


class BadParameter(ValueError):
    """A parameter value does not fit its declared type."""


def coerce_param(param: Param, value: Any) -> Any:
    """A parameter value as the check receives it (``list`` -> list[str], ``int`` -> int, ...)."""
    kind = param.type
    if kind == "list":
        return split_list(value)
    if kind == "bool":
        if isinstance(value, bool):
            return value
        low = str(value).strip().lower()
        if low in ("true", "yes", "1", "on"):
            return True
        if low in ("false", "no", "0", "off", ""):
            return False
        raise BadParameter(f"{param.name} must be true or false, not {value!r}")
    if kind == "int":
        try:
            return int(str(value).strip())
        except ValueError:
            raise BadParameter(f"{param.name} must be a whole number, not {value!r}") from None
    if kind == "float":
        try:
            return float(str(value).strip())
        except ValueError:
            raise BadParameter(f"{param.name} must be a number, not {value!r}") from None
    if kind == "regex":
        text = str(value)
        try:
            re.compile(text)
        except re.error as exc:
            raise BadParameter(f"{param.name} is not a valid regular expression: {exc}") from None
        return text
    return str(value).strip()


def _unset_hint(names: Sequence[str], release: str | None) -> str:
    refs = ", ".join(f"${{{n}}}" for n in names)
    verb = "is" if len(names) == 1 else "are"
    assigns = " ".join(f"{n}=..." for n in names)
    return f"{refs} {verb} not set (tracker release set-var {release or 'RELEASE'} {assigns})"


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A target resolved as far as possible without the workspace."""

    target: CheckTarget
    position: int
    title: str
    meta: CheckMeta | None = None
    run: Callable[[CheckContext, dict[str, Any]], Result] | None = None
    params: dict[str, Any] = field(default_factory=dict)
    decided: Result | None = None  # set when no workspace call is needed
    selectors: tuple[str, ...] = ()  # variables (or params) choosing what the check examines


def _prepare(target: CheckTarget, position: int) -> _Prepared:
    from tracker.checks import registry

    if "sql" in target.check:
        return _prepare_sql(target, position)
    check_id = str(target.check.get("id") or "")
    try:
        check = registry.get_check(check_id)
    except NotFoundError as exc:
        return _Prepared(target, position, check_id, decided=Result.error(f"Unknown check: {exc}"))
    meta = check.meta
    given = dict(target.check.get("params") or {})
    unknown = sorted(set(given) - {p.name for p in meta.params})
    if unknown:
        return _Prepared(
            target,
            position,
            meta.title,
            meta,
            decided=Result.error(f"Bad parameter: {meta.id} has no parameter {', '.join(unknown)}"),
        )
    resolved = _resolve_params(target, meta, given)
    if isinstance(resolved, Result):
        return _Prepared(target, position, meta.title, meta, decided=resolved)
    params, selectors = resolved
    return _Prepared(target, position, meta.title, meta, check.run, params, None, selectors)


def _prepare_sql(target: CheckTarget, position: int) -> _Prepared:
    from tracker.checks.sql import SQL_META, run_sql_check

    variables = dict(target.variables)
    spec = target.check["sql"]
    title = (
        str((spec or {}).get("description") or SQL_META.title)
        if isinstance(spec, Mapping)
        else SQL_META.title
    )
    unset = unresolved_variables(spec, variables)
    if unset:
        return _Prepared(target, position, title, SQL_META, decided=_missing(target, unset))
    return _Prepared(
        target,
        position,
        title,
        SQL_META,
        run=lambda ctx, params: run_sql_check(ctx, params["spec"]),
        params={"spec": substitute_variables(spec, variables)},
    )


def _resolve_params(
    target: CheckTarget, meta: CheckMeta, given: dict[str, Any]
) -> tuple[dict[str, Any], tuple[str, ...]] | Result:
    """The coerced parameters and the selector names, or the Result that decides the check.

    An empty list (``","``, whitespace, ``[]``) counts as unset, exactly like an unset variable.
    """
    variables = dict(target.variables)
    params: dict[str, Any] = {}
    missing: list[str] = []
    empty: list[str] = []
    selectors: list[str] = []
    for p in meta.params:
        raw = given.get(p.name)
        names = list(variable_refs(raw)) if isinstance(raw, str | list | dict) else []
        if p.type in ("list", "regex"):
            selectors.extend(names or [p.name])
        if names:
            unset = unresolved_variables(raw, variables)
            raw = substitute_variables(raw, variables)
            if unset:
                if p.required:
                    missing.extend(unset)
                    continue
                raw = None
        if p.type == "list" and raw is not None and not split_list(raw):
            raw = None
            if p.required:
                empty.extend(names or [p.name])
                continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if p.required:
                if not missing and not empty:
                    return Result.error(f"Bad parameter: {p.name} is required by {meta.id}")
                continue
            raw = p.default
        if raw is None:
            params[p.name] = None
            continue
        try:
            params[p.name] = coerce_param(p, raw)
        except BadParameter as exc:
            return Result.error(f"Bad parameter: {exc}")
    if missing:
        return _missing(target, sorted(set(missing)))
    if empty:
        return nothing_to_check(target.release, target.optional, sorted(set(empty)))
    return params, tuple(dict.fromkeys(selectors))


def _missing(target: CheckTarget, names: Sequence[str]) -> Result:
    hint = _unset_hint(names, target.release)
    if target.optional:
        return Result.skipped(f"Optional item; to verify it, {hint}", unset=list(names))
    return Result.error(f"Bad parameter: {hint}", unset=list(names))


def _execute(prep: _Prepared, ctx: CheckContext | None, ctx_error: BaseException | None) -> Result:
    if prep.decided is not None:
        return prep.decided
    assert prep.run is not None
    if ctx is None:
        if isinstance(ctx_error, WorkspaceNotReached):  # one cause for every check, no SDK import
            return Result.error(str(ctx_error), workspace_not_reached=True)
        return result_for_exception(ctx_error or RuntimeError("no workspace context"), prep.meta)
    try:
        meta = prep.meta
        if meta is not None and meta.clouds is not None and ctx.cloud not in meta.clouds:
            clouds = "/".join(sorted(meta.clouds))
            return Result.skipped(
                f"Not applicable: '{meta.title}' applies to {clouds} workspaces only; this "
                f"workspace is on {ctx.cloud}.",
                cloud=ctx.cloud,
            )
        with collecting_unmatched() as unmatched:
            result = prep.run(ctx, dict(prep.params))
        if not isinstance(result, Result):
            return Result.error(
                f"Check {prep.target.check_id} returned {type(result).__name__}, not a Result"
            )
        checked = require_examined(result, optional=prep.target.optional, selectors=prep.selectors)
        return with_unmatched(checked, prep.target.check.get("params") or {}, unmatched)
    except Exception as exc:
        return result_for_exception(exc, prep.meta)


def _timed(
    prep: _Prepared,
    ctx: CheckContext | None,
    ctx_error: BaseException | None,
    clock: Callable[[], datetime],
) -> CheckRun:
    started = clock()
    t0 = time.perf_counter()
    result = _execute(prep, ctx, ctx_error)
    run = CheckRun(
        item_key=prep.target.item_key,
        check_id=prep.target.check_id,
        title=prep.title,
        result=result,
        started_at=started,
        duration_ms=int((time.perf_counter() - t0) * 1000),
        position=prep.position,
    )
    log.debug("check %s on %s: %s", run.check_id, run.item_key, result.outcome.value)
    return run


def run_checks(
    targets: Sequence[CheckTarget],
    ctx_factory: Callable[[], CheckContext],
    *,
    parallel: int = DEFAULT_PARALLEL,
    on_result: Callable[[CheckRun], None] | None = None,
    now: Callable[[], datetime] | None = None,
) -> list[CheckRun]:
    """Run every target's check; results come back in target order.

    ``ctx_factory`` is called once, before the checks start, unless no check needs the workspace
    (all decided from parameters alone); if it raises, every check that needed it gets the mapped
    ERROR. ``on_result`` is called in the calling thread, as each result arrives.
    """
    clock = now or (lambda: datetime.now(UTC))
    prepared = [_prepare(t, i) for i, t in enumerate(targets)]
    ctx: CheckContext | None = None
    ctx_error: BaseException | None = None
    if any(p.decided is None for p in prepared):
        try:
            ctx = ctx_factory()
        except Exception as exc:  # e.g. no credentials: every check that needs it says so
            ctx_error = exc
    runs: list[CheckRun] = []

    def deliver(run: CheckRun) -> None:
        runs.append(run)
        if on_result is not None:
            try:
                on_result(run)
            except Exception:  # a progress display must not lose results
                log.exception("on_result callback failed")

    workers = max(1, min(int(parallel or 1), MAX_PARALLEL, max(1, len(prepared))))
    if workers == 1:
        for prep in prepared:
            deliver(_timed(prep, ctx, ctx_error, clock))
    else:
        _run_pool(prepared, lambda prep: _timed(prep, ctx, ctx_error, clock), workers, deliver)
    runs.sort(key=lambda r: r.position)
    return runs


def _run_pool(
    prepared: Sequence[_Prepared],
    one: Callable[[_Prepared], CheckRun],
    workers: int,
    deliver: Callable[[CheckRun], None],
) -> None:
    """Run on a thread pool. ``workers`` permits bound the checks doing work; a check blocked on
    a resource another check is fetching (``RunContext.cached``) lends its permit meanwhile, so
    the pool has more threads than permits: otherwise checks sharing a resource would idle most
    of the pool."""
    permits = threading.BoundedSemaphore(workers)
    threads = min(len(prepared), max(workers, min(workers * 4, MAX_THREADS)))

    def permitted(prep: _Prepared) -> CheckRun:
        if threads > 1:
            permits.acquire()
            set_wait_hooks((permits.release, permits.acquire))
        try:
            return one(prep)
        finally:
            if threads > 1:
                set_wait_hooks(None)
                permits.release()

    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="check") as pool:
        futures = [pool.submit(permitted, prep) for prep in prepared]
        for future in as_completed(futures):
            deliver(future.result())
