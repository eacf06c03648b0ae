"""The check contract: metadata, parameters, results, and the context a check runs in.

A check is one module under ``tracker/checks/builtin/`` whose file name equals ``META.id``. It
exports ``META: CheckMeta`` and ``run(ctx: CheckContext, params: dict[str, Any]) -> Result``.
Checks take the ``WorkspaceClient`` from the context (never a global) and read resources through
``ctx.cached`` so one verification run fetches each resource once. They do not catch SDK errors
they cannot interpret: the runner maps those to ERROR / SKIPPED / FAIL (``tracker.checks.errors``).

This module must stay importable without ``databricks.sdk`` (``tracker checks list`` is fast).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from tracker.domain.enums import CheckOutcome

if TYPE_CHECKING:
    from databricks.sdk import WorkspaceClient

T = TypeVar("T")

ParamType = Literal["str", "list", "int", "float", "bool", "regex"]
CheckKind = Literal["auto", "partial"]
Cloud = Literal["aws", "azure", "gcp"]


@dataclass(frozen=True, slots=True)
class Param:
    """A check parameter. ``list`` values are comma-separated strings in templates."""

    name: str
    type: ParamType
    description: str
    required: bool = True
    default: Any = None


@dataclass(frozen=True, slots=True)
class CheckMeta:
    id: str
    title: str
    items: tuple[str, ...]  # template item ids this check verifies
    params: tuple[Param, ...]
    severity: Literal["high", "medium", "low"]
    permission: str  # what the caller needs, e.g. "workspace admin", "USE_CATALOG on the catalog"
    remediation: str  # what to do when it fails
    docs: str  # a documentation URL
    kind: CheckKind = "auto"  # auto decides PASS/FAIL; partial gathers facts -> MANUAL_REVIEW
    clouds: frozenset[Cloud] | None = None  # None = every cloud; else SKIPPED elsewhere
    resources: tuple[str, ...] = ()  # REST paths read, for the catalogue and docs


EXAMINED = "examined"  # the facts key naming what a PASS looked at (see ``Result.passed``)


@dataclass(frozen=True, slots=True)
class Result:
    """What a check decided, with one sentence naming the resource and the facts it used."""

    outcome: CheckOutcome
    message: str
    link: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def passed(
        cls, message: str, *, examined: Iterable[str], link: str | None = None, **facts: Any
    ) -> Result:
        """PASS, naming the resources examined (``facts["examined"]``). The runner turns a PASS
        that examined nothing into SKIPPED or FAIL (``tracker.checks.runner.require_examined``)."""
        names = [str(n) for n in examined if str(n).strip()]
        return cls(CheckOutcome.PASS, message, link, {**facts, EXAMINED: names})

    @classmethod
    def from_problems(
        cls,
        problems: Sequence[str],
        *,
        failure: str,
        success: str | Result,
        examined: Iterable[str] = (),
        link: str | None = None,
        **facts: Any,
    ) -> Result:
        """FAIL ``"<failure>: p1; p2."`` when there are problems, else ``success``: a PASS message
        (naming ``examined``) or a Result (e.g. ``Result.review(...)`` for a PARTIAL item)."""
        failed = cls.failure(failure, problems, link=link, **facts)
        if failed is not None:
            return failed
        if isinstance(success, Result):
            return success
        return cls.passed(success, examined=examined, link=link, **facts)

    @classmethod
    def failure(
        cls, what: str, problems: Sequence[str], *, link: str | None = None, **facts: Any
    ) -> Result | None:
        """FAIL ``"<what>: p1; p2."`` when there are problems, else ``None``::

        if failed := Result.failure("Endpoint scaling", problems, link=link, **facts):
            return failed
        """
        if not problems:
            return None
        return cls.failed(f"{what}: {'; '.join(problems)}.", link=link, **facts)

    @property
    def examined(self) -> list[str]:
        value = self.facts.get(EXAMINED)
        return [str(v) for v in value] if isinstance(value, list) else []

    @classmethod
    def failed(cls, message: str, *, link: str | None = None, **facts: Any) -> Result:
        return cls(CheckOutcome.FAIL, message, link, facts)

    @classmethod
    def error(cls, message: str, *, link: str | None = None, **facts: Any) -> Result:
        return cls(CheckOutcome.ERROR, message, link, facts)

    @classmethod
    def skipped(cls, message: str, *, link: str | None = None, **facts: Any) -> Result:
        return cls(CheckOutcome.SKIPPED, message, link, facts)

    @classmethod
    def review(cls, message: str, *, link: str | None = None, **facts: Any) -> Result:
        """Facts gathered; a human decides (PARTIAL items)."""
        return cls(CheckOutcome.MANUAL_REVIEW, message, link, facts)


class CheckContext(Protocol):
    """What a check may use. Implemented by ``tracker.checks.context.RunContext``."""

    @property
    def client(self) -> WorkspaceClient: ...

    @property
    def cloud(self) -> Cloud:
        """The workspace's cloud (from host metadata, the ``cloud`` variable, or the host name)."""
        ...

    @property
    def host(self) -> str: ...

    def cached(self, key: tuple[Any, ...], fetch: Callable[[], T]) -> T:
        """Fetch a resource once per run (thread-safe single flight); errors are cached too."""
        ...

    def ui_link(self, path: str) -> str:
        """A link into the workspace UI, e.g. ``ctx.ui_link('/explore/data/prod_ml')``."""
        ...


def split_list(value: Any) -> list[str]:
    """A list parameter from a comma-separated string (or an actual list). Blank entries are
    dropped, so ``","``, whitespace and a YAML ``[]`` (or its text) are the empty list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):  # "[]" / "[a, b]" as YAML would write it
        text = text[1:-1]
    return [part.strip().strip("'\"").strip() for part in text.split(",") if part.strip()]
