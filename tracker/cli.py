"""Command-line entry point. Thin: parses, calls services, prints; errors map to exit codes here.

Commands live in ``tracker/commands/``. Textual is imported only on the path that opens the TUI,
and nothing here imports the Databricks SDK (start-up time).
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any

import click

from tracker import __version__
from tracker.commands import common
from tracker.errors import TrackerError
from tracker.process import EXIT_INTERRUPTED, EXIT_USAGE, fail

# Subcommand -> the modules under tracker/commands that define it (the first one) or extend it.
# Imported only when the command runs, so `tracker` (the TUI) and each command start fast.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "release": ("release_cmd", "schedule_cmd"),  # schedule_cmd adds `release golive`
    "status": ("status_cmd",),
    "item": ("item_cmd",),
    "undo": ("history_cmd",),
    "history": ("history_cmd",),
    "owner": ("owner_cmd",),
    "export": ("export_cmd",),
    "template": ("template_cmd",),
    "db": ("db_cmd",),
    "demo": ("demo_cmd",),
    "tasks": ("schedule_cmd",),
    "task": ("schedule_cmd",),
    "retro": ("schedule_cmd",),
    "verify": ("checks_cmd",),
    "gate": ("gate_cmd",),
    "checks": ("checks_cmd",),
    "publish": ("publish_cmd",),
    "notify": ("notify_cmd",),
    "serve": ("serve_cmd",),
    "signoff": ("gonogo_cmd",),
    "waiver": ("gonogo_cmd",),
    "depends": ("gonogo_cmd",),
    "milestone": ("milestone_cmd",),
    "diff": ("milestone_cmd",),
}


class TrackerGroup(click.Group):
    """A click group that loads its subcommands lazily and whose errors are one line on stderr
    with a mapped exit code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMAND_MODULES)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            if args and args[0] not in COMMAND_MODULES and not args[0].startswith("-"):
                from tracker.domain.names import suggest

                hints = suggest(args[0], COMMAND_MODULES)
                if hints:
                    did = ", ".join(repr(h) for h in hints)
                    raise click.UsageError(
                        f"no such command {args[0]!r}; did you mean {did}?"
                    ) from None
            raise exc

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        modules = COMMAND_MODULES.get(cmd_name)
        if modules is None:
            return None
        loaded = [importlib.import_module(f"tracker.commands.{m}") for m in modules]
        found = {c.name: c for c in loaded[0].COMMANDS}
        return found.get(cmd_name)

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            _refuse_undecodable(sys.argv[1:] if args is None else list(args))
            rv = super().main(
                args=args,
                prog_name=prog_name or "tracker",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except TrackerError as exc:
            fail(str(exc), exc.exit_code)
        except click.exceptions.Abort:
            fail("aborted", EXIT_INTERRUPTED)
        except click.ClickException as exc:
            fail(
                exc.format_message(),
                EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code,
            )
        except KeyboardInterrupt:
            fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(0)
        except Exception as exc:
            message = _input_error(exc)
            if message is None:
                raise  # a bug: keep the traceback
            logging.getLogger("tracker").debug("input error", exc_info=True)
            fail(message, EXIT_USAGE)
        code = rv if isinstance(rv, int) else 0
        if standalone_mode:
            sys.exit(code)
        return rv


ENV_TEXT = ("TRACKER_DB", "TRACKER_USER", "TRACKER_TEMPLATES", "TRACKER_TZ")


def _printable(value: str) -> str:
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _refuse_undecodable(args: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no database, file or
    terminal accepts: refuse them at the door, naming the argument."""
    import os

    from tracker.domain.validation import shown

    values = [(f"argument {i}", a) for i, a in enumerate(args, 1) if isinstance(a, str)]
    values += [(f"${name}", os.environ[name]) for name in ENV_TEXT if name in os.environ]
    for where, value in values:
        if any(0xD800 <= ord(c) < 0xE000 for c in value):
            raise TrackerError(f"{where} is not valid UTF-8 text: {_printable(shown(value))}")


def _input_error(exc: Exception) -> str | None:
    """One line for an error that careless or hostile input can cause below the services
    (a file system refusal, bad text, a database error); None for anything else."""
    module = type(exc).__module__
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, UnicodeError):
        return f"not valid text: {_printable(first)}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror or first}"
    if module.startswith(("sqlalchemy", "psycopg", "sqlite3")):
        return f"database error: {_printable(first)}"
    if module.startswith("yaml"):
        return f"invalid YAML: {_printable(first)}"
    return None


@click.group(
    cls=TrackerGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_url",
    metavar="URL",
    envvar="TRACKER_DB",
    show_envvar=True,
    help="Database: a SQLAlchemy URL (sqlite:///path.db, postgresql://host/db), "
    "lakebase://INSTANCE/DATABASE (Databricks Lakebase) or a file path. "
    "Default: tracker.db in the user data directory.",
)
@click.option(
    "--as",
    "actor",
    metavar="NAME",
    envvar="TRACKER_USER",
    show_envvar=True,
    help="Who is acting (recorded in the audit log). Default: the OS user.",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
@click.version_option(__version__, prog_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, actor: str | None, verbose: int) -> None:
    """Track a Databricks ML release from checklist to production, and keep it healthy.

    Run without a command to open the terminal app on the default database.
    """
    if verbose:
        logging.basicConfig(
            level=logging.DEBUG if verbose > 1 else logging.INFO,
            format="%(levelname)s %(name)s: %(message)s",
            stream=sys.stderr,
        )
    ctx.obj = common.AppContext(db_flag=db_url, actor_flag=actor)
    if ctx.invoked_subcommand is None:
        from tracker.process import open_app

        open_app(db_url, actor)


def main(argv: list[str] | None = None) -> Any:
    """The click group's entry point (``tracker.entry.main`` sends every command here)."""
    return cli.main(args=argv, prog_name="tracker")
