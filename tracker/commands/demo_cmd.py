"""``tracker demo``: the terminal app on a throw-away database and a built-in fake workspace."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from tracker.commands.common import AppContext, echo, pass_app

DEMO_TOKEN = "demo-token-not-a-secret"  # the fake accepts any bearer token


@click.command("demo")
@click.option(
    "--scenario",
    default="demo",
    show_default=True,
    metavar="NAME|FILE",
    help="Fake workspace scenario (see tracker/fakeworkspace/scenarios).",
)
@click.option("--keep", is_flag=True, help="Keep the demo database (its path is printed on exit).")
@pass_app
def demo(app: AppContext, scenario: str, keep: bool) -> None:
    """Try tracker in a minute, without a Databricks account.

    Opens the terminal app on a throw-away database with a demo release wired to a built-in fake
    Databricks workspace (labelled DEMO everywhere). Press `v` to verify an item, `V` the release.
    """
    from tracker.fakeworkspace import FakeWorkspace, load_scenario
    from tracker.services.demo import seed_demo
    from tracker.services.templates import find_template
    from tracker.services.tracker import TrackerService

    workspace = FakeWorkspace(load_scenario(scenario)).start()
    folder = Path(tempfile.mkdtemp(prefix="tracker-demo-"))
    # The SDK's unified auth reads these; the demo never touches a real workspace or profile.
    for var in [v for v in os.environ if v.startswith("DATABRICKS_")]:
        del os.environ[var]
    os.environ["DATABRICKS_HOST"] = workspace.url
    os.environ["DATABRICKS_TOKEN"] = DEMO_TOKEN
    os.environ["DATABRICKS_CONFIG_FILE"] = str(folder / "no-databrickscfg")
    db_url = f"sqlite:///{folder / 'demo.db'}"
    actor = app.settings.actor
    try:
        svc = TrackerService.open(db_url, actor)
        try:
            template, _ = find_template("databricks-ml-production")
            release = seed_demo(svc, template)
        finally:
            svc.close()
        from tracker.tui import launch

        launch(db_url=db_url, actor=actor, release=release, demo=True)
    finally:
        workspace.stop()
        if keep:
            echo(f"demo database kept: {folder / 'demo.db'}", err=True)
        else:
            shutil.rmtree(folder, ignore_errors=True)


COMMANDS = [demo]
