"""Command-line entry point. Thin: parses, calls services, prints; errors map to exit codes here.

Commands live in ``tracker/commands/``. Textual is imported only on the path that opens the TUI,
and nothing here imports the Databricks SDK (start-up time).
"""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from tracker import __version__
from tracker.commands import common
from tracker.errors import TrackerError

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class TrackerGroup(click.Group):
    """A click group whose errors are one line on stderr with a mapped exit code."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "tracker",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except TrackerError as exc:
            _fail(str(exc), exc.exit_code)
        except click.exceptions.Abort:
            _fail("aborted", EXIT_INTERRUPTED)
        except click.ClickException as exc:
            _fail(
                exc.format_message(),
                EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code,
            )
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except BrokenPipeError:
            sys.exit(0)
        code = rv if isinstance(rv, int) else 0
        if standalone_mode:
            sys.exit(code)
        return rv


def _fail(message: str, code: int) -> None:
    first = " ".join(message.strip().split("\n")[0].split()) if message.strip() else "failed"
    click.echo(f"tracker: error: {first}", err=True)
    sys.exit(code)


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
    help="Database: a SQLAlchemy URL (sqlite:///path.db, postgresql://host/db) or a file path. "
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
        from tracker.commands.tui import open_tui

        open_tui(ctx.obj)


def _register() -> None:
    from tracker.commands import (
        checks_cmd,
        db_cmd,
        demo_cmd,
        export_cmd,
        item_cmd,
        owner_cmd,
        release_cmd,
        schedule_cmd,
        template_cmd,
    )

    for module in (
        release_cmd,
        item_cmd,
        owner_cmd,
        export_cmd,
        template_cmd,
        db_cmd,
        demo_cmd,
        schedule_cmd,
        checks_cmd,
    ):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return cli.main(args=argv, prog_name="tracker")
