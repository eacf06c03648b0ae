"""Turn an exception raised while a check ran into a Result (never a PASS).

SDK errors are mapped by ``error_code`` first, then by class (docs/checks.md#errors): the class of
``FEATURE_DISABLED`` depends on the HTTP status the service picked, so the code decides. Nothing
here imports ``databricks.sdk`` at module level: the classes are looked up when an error happens.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from tracker.checks.model import CheckMeta, Result
from tracker.databricks import (
    AUTH_ADVICE,
    AUTH_METHODS_TRIED,
    PROBE_HTTP_TIMEOUT_S,
    WorkspaceNotReached,
    connection_problem,
    no_credentials_message,
    scrub,
)

log = logging.getLogger(__name__)

UNAVAILABLE_CODES = frozenset({"FEATURE_DISABLED", "ENDPOINT_NOT_FOUND", "NOT_IMPLEMENTED"})


def _facts(exc: BaseException, **extra: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"error_type": type(exc).__name__}
    code = getattr(exc, "error_code", None)
    if code:
        facts["error_code"] = str(code)
    facts.update(extra)
    return facts


def _message(exc: BaseException) -> str:
    return scrub(str(exc)) or type(exc).__name__


def result_for_exception(exc: BaseException, meta: CheckMeta | None = None) -> Result:
    """The Result for an error a check did not handle itself."""
    from databricks.sdk import errors as sdk_errors
    from databricks.sdk.errors.base import DatabricksError
    from requests import exceptions as http_errors

    permission = meta.permission if meta is not None else "access to the resource"
    code = str(getattr(exc, "error_code", "") or "")
    message = _message(exc)

    if isinstance(exc, WorkspaceNotReached):
        return Result.error(str(exc), workspace_not_reached=True, **_facts(exc))
    if code in UNAVAILABLE_CODES or isinstance(exc, sdk_errors.NotImplemented):
        return Result.skipped(
            f"Not available in this workspace/tier ({code or 'NOT_IMPLEMENTED'}): {message}",
            **_facts(exc),
        )
    if isinstance(exc, sdk_errors.PermissionDenied):
        return Result.error(
            f"Insufficient permission (needs {permission}): {message}", **_facts(exc)
        )
    if isinstance(exc, sdk_errors.Unauthenticated):
        return Result.error(
            f"Not authenticated (check the profile or credentials): {message}", **_facts(exc)
        )
    if isinstance(exc, sdk_errors.NotFound):  # ResourceDoesNotExist is-a NotFound
        return Result.failed(f"Resource missing: {message}", **_facts(exc))
    if isinstance(exc, TimeoutError):
        cause = exc.__cause__
        if isinstance(cause, sdk_errors.TooManyRequests) or getattr(
            cause, "retry_after_secs", None
        ):
            return Result.error(
                f"Workspace throttled the requests (HTTP 429/503) until the retry budget ran out: "
                f"{_message(cause) if cause else message}",
                **_facts(exc, cause=type(cause).__name__),
            )
        if isinstance(cause, http_errors.ConnectionError | http_errors.Timeout):
            return Result.error(
                f"Workspace unreachable: {connection_problem(cause)}",
                **_facts(exc, cause=type(cause).__name__),
            )
        return Result.error(
            f"Timed out after retries: {message}",
            **_facts(exc, cause=type(cause).__name__ if cause else None),
        )
    if isinstance(exc, http_errors.ConnectionError | http_errors.Timeout):
        return Result.error(f"Workspace unreachable: {connection_problem(exc)}", **_facts(exc))
    if isinstance(exc, http_errors.JSONDecodeError):
        return Result.error(
            f"Unexpected (non-JSON) response from the workspace: {message}", **_facts(exc)
        )
    if isinstance(exc, sdk_errors.BadRequest):
        return Result.error(f"Bad parameter: {message}", **_facts(exc))
    if isinstance(exc, DatabricksError):
        return Result.error(f"{type(exc).__name__}: {message}", **_facts(exc))
    log.debug("check raised an unexpected %s", type(exc).__name__, exc_info=exc)
    return Result.error(f"Check failed with {type(exc).__name__}: {message}", **_facts(exc))


def not_reached(exc: BaseException, host: str) -> WorkspaceNotReached | None:
    """The one-line cause when the reachability probe raised: connection refused, DNS, no
    answer, or credentials that cannot make an auth header; ``None`` for anything else."""
    from requests import exceptions as http_errors

    if isinstance(exc, ValueError):  # the SDK's credentials provider could not authenticate
        return WorkspaceNotReached(no_credentials_message(str(exc)))
    if isinstance(exc, http_errors.ReadTimeout):
        return WorkspaceNotReached(
            f"workspace {host} did not answer within {PROBE_HTTP_TIMEOUT_S} s"
        )
    if isinstance(exc, http_errors.ConnectionError | http_errors.Timeout):
        return WorkspaceNotReached(f"workspace {host} unreachable: {connection_problem(exc)}")
    return None


def rejected(host: str, status: int, auth_type: str | None, body: str) -> WorkspaceNotReached:
    """401/403 on the probe: the credentials do not open this workspace."""
    try:
        detail = str(json.loads(body).get("message") or "")
    except (ValueError, AttributeError):
        detail = ""
    verb = "rejected" if status == 401 else "refused"
    said = f": {scrub(detail)}" if detail else ""
    return WorkspaceNotReached(
        f"workspace {host} {verb} the credentials (HTTP {status}, auth: {auth_type or 'none'})"
        f"{said}; tried {AUTH_METHODS_TRIED}; {AUTH_ADVICE}"
    )
