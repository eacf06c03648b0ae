"""``tracker serve``: the app in a real headless Chromium (Debian's package, driven by Playwright's
Python package; no browser download), and the access rules of the web server.

Issue 13, "tracker serve": the browser test ticks an item and the stored state (status and the
acting user the session named) is asserted in the database; off loopback a token is required
(generated and printed when not given); 127.0.0.1 by default."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.reach.conftest import free_port
from tracker.cli import cli

CHROMIUM = os.environ.get("TRACKER_TEST_CHROMIUM", "/usr/bin/chromium")
START_TIMEOUT_S = 30


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "served.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(path), "release", "new", "r1", "--template", "databricks-ml-production"],
    )
    assert result.exit_code == 0, result.output
    return path


class Served:
    def __init__(self, process: subprocess.Popen[str], banner: list[str], port: int) -> None:
        self.process, self.banner, self.port = process, banner, port

    @property
    def url(self) -> str:
        return self.banner[0].removeprefix("tracker serve: ").strip()


def start_server(database: Path, *args: str) -> Served:
    port = free_port()
    env = {**os.environ, "TRACKER_DB": str(database), "PYTHONUNBUFFERED": "1"}
    env.pop("TRACKER_SERVE_TOKEN", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tracker",
            "--as",
            "server-user",
            "serve",
            "--port",
            str(port),
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline and not banner:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("tracker serve: http"):
            banner.append(line)
    if not banner:
        process.kill()
        pytest.fail(f"tracker serve did not start: {process.stdout.read()}")
    return Served(process, banner, port)


@pytest.fixture
def stop_later() -> Iterator[list[Served]]:
    servers: list[Served] = []
    yield servers
    for served in servers:
        served.process.terminate()
        try:
            served.process.wait(10)
        except subprocess.TimeoutExpired:
            served.process.kill()


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def item_state(database: Path, key: str) -> tuple[str, str | None]:
    with sqlite3.connect(database) as conn:
        row = conn.execute(
            "SELECT status, updated_by FROM release_item WHERE item_key = ?", (key,)
        ).fetchone()
    return row[0], row[1]


def browser_or_skip() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install -y chromium; "
            ".ci/run does) or set TRACKER_TEST_CHROMIUM"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("playwright (Python package, a test extra) is not installed")
    return CHROMIUM


def wait_until_rendering_settles(page: object, timeout_s: float = 30) -> None:
    """The terminal is a canvas: wait for the app's first bytes, then for three identical frames."""
    page.wait_for_selector("body.-first-byte", timeout=timeout_s * 1000)  # type: ignore[attr-defined]
    deadline, previous, same = time.monotonic() + timeout_s, b"", 0
    while time.monotonic() < deadline:
        shot = page.screenshot()  # type: ignore[attr-defined]
        same = same + 1 if shot == previous else 0
        if same == 2:  # unchanged for a second: the app is idle, waiting for keys
            return
        previous = shot
        time.sleep(0.5)
    pytest.fail("the served app kept repainting")


def test_browser_session_ticks_an_item_as_the_user_it_names(
    database: Path, stop_later: list[Served]
) -> None:
    chromium = browser_or_skip()
    from playwright.sync_api import sync_playwright

    served = start_server(database)
    stop_later.append(served)
    assert served.url == f"http://127.0.0.1:{served.port}/"  # loopback: no token needed
    assert item_state(database, "uc-production-catalog")[0] == "todo"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(served.url + "?as=browser-ana")
            wait_until_rendering_settles(page)
            page.focus("textarea")  # xterm.js takes keys through its hidden textarea
            # The tree opens on the first category: down to its first item, space ticks it.
            for key in ("ArrowDown", "ArrowDown", "Space"):
                page.keyboard.press(key)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if item_state(database, "uc-production-catalog")[0] == "done":
                    break
                time.sleep(0.2)
        finally:
            browser.close()
    assert item_state(database, "uc-production-catalog") == ("done", "browser-ana")


def test_other_addresses_need_a_token(database: Path, stop_later: list[Served]) -> None:
    served = start_server(database, "--host", "0.0.0.0")
    stop_later.append(served)
    assert "?token=" in served.url  # generated and printed
    token = served.url.split("?token=")[1]
    assert len(token) >= 24
    base = f"http://127.0.0.1:{served.port}/"
    assert http_status(base) == 403
    assert http_status(base + "?token=wrong") == 403
    assert http_status(base + f"?token={token}&as=ana") == 200
    assert http_status(base + "ws/not-a-session") == 403  # no page load, no app process


def test_given_token_is_enforced_and_not_echoed(database: Path, stop_later: list[Served]) -> None:
    secret = "a-chosen-token-0123456789"
    served = start_server(database, "--token", secret)
    stop_later.append(served)
    assert secret not in served.url
    base = f"http://127.0.0.1:{served.port}/"
    assert http_status(base) == 403
    assert http_status(base + f"?token={secret}") == 200


def test_short_token_and_bad_actor_are_refused(database: Path, stop_later: list[Served]) -> None:
    result = CliRunner().invoke(cli, ["--db", str(database), "serve", "--token", "short"])
    assert result.exit_code == 2
    assert "--token must be at least 16 characters" in result.stderr
    served = start_server(database)
    stop_later.append(served)
    assert http_status(served.url + "?as=%07bell") == 400
