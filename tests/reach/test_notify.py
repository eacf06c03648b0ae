"""``tracker notify`` against a local HTTP receiver (Slack, Teams, generic webhook) and a local
SMTP server (aiosmtpd), with the fake workspace for drift and workspace destinations.

Issue 13, "Notifications": overdue and due-today tasks and drift; messages grouped per owner; the
same notice not sent twice in a day (state in the database); --dry-run prints; failures per
destination and a non-zero exit; secrets (webhook URLs) never stored."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.reach.conftest import free_port, ok, run
from tracker.fakeworkspace import FakeWorkspace


class Receiver:
    """A local webhook endpoint: records every POST; paths under /fail answer 500."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                receiver.posts.append((self.path, json.loads(body)))
                status = 500 if self.path.startswith("/fail") else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def paths(self) -> list[str]:
        return [p for p, _ in self.posts]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def seeded(tmp_path: Path, workspace: FakeWorkspace) -> str:
    db = f"sqlite:///{tmp_path / 'n.db'}"
    ok(db, "db", "init", db)
    ok(db, "owner", "add", "ana", "--name", "Ana Lima", "--email", "ana@example.com")
    ok(db, "owner", "add", "raj", "--name", "Raj", "--email", "raj@example.com")
    ok(
        db,
        "release",
        "new",
        "r1",
        "--template",
        "databricks-ml-production",
        "--var",
        "catalog=prod_ml",
    )
    golive = (date.today() - timedelta(days=8)).isoformat()
    ok(db, "release", "golive", "r1", "--date", golive, "--force", "--reason", "pilot")
    ok(db, "task", "set", "r1", "1", "--owner", "ana")  # overdue, owned by ana
    ok(db, "item", "set", "r1", "uc-production-catalog", "--status", "done", "--owner", "raj")
    run(db, "verify", "r1", "--item", "uc-production-catalog")  # fails here: drift for raj
    return db


def test_dry_run_prints_messages_per_owner_and_records_nothing(
    seeded: str, receiver: Receiver
) -> None:
    first = ok(seeded, "notify", "--dry-run")
    assert "Ana Lima (@ana): " in first and "Raj (@raj): " in first and "(unassigned)" in first
    assert "Overdue:" in first and "Drift (done, but the check now fails):" in first
    assert "[r1] uc-production-catalog: Production catalog" in first
    hooked = ok(seeded, "notify", "--dry-run", "--webhook", receiver.url + "/hook")
    assert hooked.startswith("== webhook: ")
    assert receiver.posts == []
    assert ok(seeded, "notify", "--dry-run", "--webhook", receiver.url + "/hook") == hooked


def test_delivers_everywhere_once_a_day(
    seeded: str, receiver: Receiver, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    args = (
        "notify",
        "--slack-webhook", receiver.url + "/slack",
        "--teams-webhook", receiver.url + "/teams",
        "--webhook", receiver.url + "/hook",
        "--smtp", f"127.0.0.1:{port}", "--mail-from", "tracker@example.com",
        "--mail-to", "releases@example.com", "--mail-owners",
    )  # fmt: skip
    out = ok(seeded, *args)
    for label in ("slack", "teams", "webhook", "email"):
        assert f"{label}: sent " in out
    assert sorted(receiver.paths()) == ["/hook", "/slack", "/teams"]
    posted = dict(receiver.posts)
    owners = [o["owner"] for o in posted["/hook"]["owners"]]
    assert owners == ["ana", "raj", None]  # grouped per owner, the unowned last
    kinds = {n["kind"] for o in posted["/hook"]["owners"] for n in o["notices"]}
    assert {"overdue", "drift"} <= kinds
    assert posted["/slack"]["blocks"][1]["text"]["text"].startswith("*Ana Lima (@ana)*")
    assert posted["/teams"]["@type"] == "MessageCard"
    recipients = sorted(r for rcpts, _ in box.messages for r in rcpts)
    assert recipients == ["ana@example.com", "raj@example.com", "releases@example.com"]
    ana = next(m for r, m in box.messages if r == ["ana@example.com"])
    assert "Verify feature freshness daily" in ana.get_payload()
    assert "uc-production-catalog" not in ana.get_payload()  # raj's drift is not ana's

    again = ok(seeded, *args)
    assert again.count("nothing new today") == 4
    assert len(receiver.posts) == 3 and len(box.messages) == 3


def test_a_failing_destination_is_reported_and_retried_alone(
    seeded: str, receiver: Receiver
) -> None:
    good, bad = receiver.url + "/slack", receiver.url + "/fail"
    result = run(seeded, "notify", "--slack-webhook", good, "--webhook", bad)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "tracker: notify: webhook: the webhook answered HTTP 500",
        "tracker: error: 1 of 2 destination(s) failed",
    ]
    assert "slack: sent " in result.stdout
    fixed = ok(seeded, "notify", "--slack-webhook", good, "--webhook", receiver.url + "/hook")
    assert "slack: nothing new today" in fixed and "webhook: sent " in fixed
    assert receiver.paths() == ["/slack", "/fail", "/hook"]


def test_webhook_urls_are_never_stored_or_printed(
    seeded: str, receiver: Receiver, tmp_path: Path
) -> None:
    secret_path = "/services/T000/B000/XXXXsecretXXXX"
    result = run(seeded, "notify", "--slack-webhook", receiver.url + secret_path)
    assert result.exit_code == 0
    assert "secret" not in result.output
    assert b"XXXXsecretXXXX" not in (tmp_path / "n.db").read_bytes()
    wal = tmp_path / "n.db-wal"
    assert not wal.exists() or b"XXXXsecretXXXX" not in wal.read_bytes()


def test_unreachable_smtp_is_one_line_per_destination(seeded: str) -> None:
    port = free_port()
    result = run(seeded, "notify", "--smtp", f"127.0.0.1:{port}", "--mail-from",
                 "t@example.com", "--mail-to", "x@example.com")  # fmt: skip
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"tracker: notify: email: SMTP 127.0.0.1:{port}: ")
    assert lines[1] == "tracker: error: 1 of 1 destination(s) failed"


def test_workspace_email_destination_is_mailed(seeded: str, mailbox: tuple[Mailbox, int]) -> None:
    box, port = mailbox
    out = ok(seeded, "notify", "--workspace-destination", "ML on-call e-mail",
             "--smtp", f"127.0.0.1:{port}", "--mail-from", "t@example.com")  # fmt: skip
    assert "workspace:nd-oncall-email: sent " in out
    assert [r for r, _ in box.messages] == [["ml-oncall@example.com"]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--workspace-destination", "ML on-call Slack"), "is SLACK: the API does not reveal"),
        (("--workspace-destination", "nope"), "no workspace notification destination 'nope'"),
        (
            ("--slack-webhook", "http://hooks.example.com/x"),
            "the slack webhook must be an https://",
        ),
        (("--mail-to", "not-an-address"), "--mail-to needs an e-mail address"),
        (("--mail-to", "a@example.com"), "e-mail destinations need --smtp"),
        ((), "no destination: give --slack-webhook"),
    ],
)
def test_bad_configuration_is_one_line(seeded: str, args: tuple[str, ...], message: str) -> None:
    result = run(seeded, "notify", *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and message in lines[0], lines


def test_stale_signoffs_and_expiring_waivers(seeded: str) -> None:
    """The go/no-go notices: a sign-off the blocking items changed under goes to its signer; an
    approved waiver about to expire goes to the item's owner."""
    ok(seeded, "release", "new", "r2", "--template", "databricks-ml-production")
    ok(seeded, "signoff", "r2", "--role", "ml-lead", actor="raj")
    ok(seeded, "item", "set", "r2", "uc-domain-schemas", "--status", "in_progress")  # now stale
    ok(seeded, "item", "set", "r2", "uc-group-access-controls", "--owner", "ana")
    expires = (date.today() + timedelta(days=3)).isoformat()
    ok(seeded, "waiver", "request", "r2", "uc-group-access-controls", "--reason", "legacy ACLs",
       "--control", "weekly audit", "--approver", "raj", "--expires", expires)  # fmt: skip
    ok(seeded, "waiver", "approve", "r2", "1", actor="raj")
    out = ok(seeded, "notify", "--dry-run", "--release", "r2")
    ana, raj = out.split("Raj (@raj)")
    assert "Waiver about to expire:" in ana
    assert f"uc-group-access-controls expires {expires} (in 3 d)" in ana
    assert "Stale sign-off:" in raj and "[r2] ml-lead: ML lead sign-off is stale" in raj
    narrow = ok(seeded, "notify", "--dry-run", "--release", "r2", "--waiver-days", "2")
    assert "Waiver about to expire" not in narrow and "Stale sign-off" in narrow
