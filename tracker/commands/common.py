"""Helpers shared by the CLI commands: the lazily opened service, output formats, file writes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from tracker.config import Settings
    from tracker.services.tracker import TrackerService

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    db_flag: str | None
    actor_flag: str | None
    _service: TrackerService | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        from tracker.config import Settings

        return Settings.resolve(self.db_flag, self.actor_flag)

    def service(self, *, create: bool = False) -> TrackerService:
        """Open the database (upgrading its schema if needed) on first use. A database at a
        non-default path is created only when ``create`` (``release new``; ``db init``)."""
        if self._service is None:
            from tracker.config import default_db_url
            from tracker.services.tracker import TrackerService

            s = self.settings
            create = create or s.db_url == default_db_url()
            self._service = TrackerService.open(s.db_url, s.actor, create=create)
        return self._service


pass_app = click.make_pass_decorator(AppContext)

MAX_REPEATS = 100
"""How often a repeatable option (``--evidence``, ``--status``, ...) may be given by default."""
MAX_ITEMS = 2_000  # verify --item: a template's item limit (tracker.domain.template.MAX_ITEMS)
MAX_VARIABLES = 200  # --var, set-var: a template's variable limit
MAX_FILES = 1_000  # template validate FILE...


@dataclass(frozen=True)
class RepeatLimit:
    """A click callback that refuses a repeatable option or argument given more than ``limit``
    times (checked while parsing, so before anything is stored)."""

    limit: int = MAX_REPEATS

    def __call__(self, ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is not None and len(value) > self.limit:
            from tracker.errors import ValidationError

            if isinstance(param, click.Option):
                what = f"{param.opts[0]} is given {len(value)} times"
            else:
                what = f"{len(value)} {param.name} given"
            raise ValidationError(f"{what}; the limit is {self.limit}")
        return value


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help="Output format.",
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Any) -> str:
    from tracker.domain.inert import json_safe

    return json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def echo(message: Any = None, **kwargs: Any) -> None:
    """``click.echo`` with stored text made inert (control characters shown, never sent)."""
    from tracker.domain.inert import visible

    click.echo(None if message is None else visible(str(message)), **kwargs)


def echo_json(data: Any) -> None:
    click.echo(dumps(data))


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], *, right: Sequence[int] = ()
) -> str:
    """A plain aligned text table (no Rich: it costs start-up time)."""
    from tracker.domain.inert import one_line

    cells = [[("" if c is None else one_line(str(c))) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], len(c))

    def line(values: Sequence[str]) -> str:
        out = [
            v.rjust(widths[i]) if i in right else v.ljust(widths[i]) for i, v in enumerate(values)
        ]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def clip(text: str, width: int) -> str:
    """One line of at most ``width`` characters (whitespace collapsed, an ellipsis if cut)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_date(value: str | None, what: str = "date") -> date | None:
    """YYYY-MM-DD, or None for nothing / ``-`` / ``none``."""
    if value is None or value.strip().lower() in ("", "-", "none"):
        return None
    from tracker.domain.validation import iso_date

    return iso_date(value, what)


def owner_assignment(owner: str) -> str | None:
    """An ``--owner`` to assign: a handle, or None for ``-`` (unassign). Empty is an error: it
    used to unassign silently, or do nothing and still report success."""
    from tracker.errors import ValidationError

    if owner == "-":
        return None
    if not owner.strip().removeprefix("@"):
        raise ValidationError("--owner needs an owner handle, or '-' to unassign")
    return owner


def owner_filter(svc: TrackerService, owner: str | None) -> str | None:
    """A ``--owner`` filter must name a registered owner (as ``item set --owner`` must): an
    unknown or empty one is an error with suggestions, never a silently empty list."""
    if owner is None:
        return None
    from tracker.domain.names import suggest
    from tracker.domain.validation import shown
    from tracker.errors import NotFoundError, ValidationError

    handle = owner.strip().removeprefix("@")
    if not handle:
        raise ValidationError(f"--owner needs an owner handle, got {shown(owner)}")
    handles = [o.handle for o in svc.owners.list_owners()]
    for known in handles:
        if known.casefold() == handle.casefold():
            return known
    raise NotFoundError("owner", shown(handle)[1:-1], suggest(handle, handles))


def check_output(output: str | None, *, force: bool = True) -> None:
    """Refuse an output path that cannot be written, before the command stores any work.

    With ``force=False`` an existing regular file is replaced only when the user says so at a
    terminal; otherwise it is refused (``--force`` replaces it). Devices, FIFOs and stdout are
    written to, not replaced, so they are never asked about.
    """
    if output is None or output == "-":
        return
    from tracker.errors import ConflictError
    from tracker.files import check_output as check

    try:
        check(output, overwrite=force)
    except ConflictError:
        if not interactive() or not click.confirm(
            f"{output} already exists. Replace it?", default=False, err=True
        ):
            raise
        check(output)


def interactive() -> bool:
    """Both ends are a terminal: a person can answer a question."""
    import sys

    return sys.stdin.isatty() and sys.stderr.isatty()


FORCE_HELP = "Replace FILE if it exists (without asking)."


def write_output(text: str, output: str | None) -> None:
    """Print to stdout, or write the path without harming it (see ``tracker.files``)."""
    if output is None or output == "-":
        if sys.stdout.isatty():  # a terminal: inert; a pipe or redirect: the document as is
            from tracker.domain.inert import visible

            text = visible(text)
        click.echo(text, nl=not text.endswith("\n"))
        return
    from tracker.files import write_output as write

    target = write(output, text)
    if target.kind != "stream":
        click.echo(f"wrote {target.shown}", err=True)


def bar(fraction: float, width: int = 10) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)
