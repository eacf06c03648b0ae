"""Bad input of every kind: exit code 2, exactly one line on stderr starting ``tracker: error:``,
nothing on stdout, and the database unchanged row for row."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.conftest import Tracker
from tests.services.dbutil import dump

KV = "secrets-azure-key-vault"
BAD_YAML = "id: broken\nversion: 1\ntitle: [unclosed\ncategories: []\n"

# (id, argv, message regex). "{bad_yaml}" is replaced by the path of a malformed template.
CASES: list[tuple[str, list[str], str]] = [
    ("unknown-release", ["status", "r11"], r"^unknown release 'r11'; did you mean 'r1'\?$"),
    (
        "unknown-release-item-set",
        ["item", "set", "rr1", KV, "--status", "done"],
        r"^unknown release 'rr1'; did you mean 'r1'\?$",
    ),
    (
        "unknown-item",
        ["item", "set", "r1", "secrets-azure-key-vualt", "--status", "done"],
        r"^unknown item 'secrets-azure-key-vualt'; did you mean 'secrets-azure-key-vault'",
    ),
    (
        "unknown-item-no-suggestion",
        ["item", "show", "r1", "qqqqzzzz"],
        r"^unknown item 'qqqqzzzz'$",
    ),
    (
        "ambiguous-item",
        ["item", "set", "r1", "secrets", "--status", "done"],
        r"^item 'secrets' is ambiguous: matches 'secrets-azure-key-vault \(",
    ),
    (
        "bad-status",
        ["item", "set", "r1", KV, "--status", "finished"],
        r"^Invalid value for '--status': 'finished' is not one of",
    ),
    (
        "na-without-reason",
        ["item", "set", "r1", KV, "--status", "na"],
        r"needs a reason: one of out_of_scope, business_priorities",
    ),
    (
        "na-without-note",
        ["item", "set", "r1", KV, "--na-reason", "other"],
        r"needs a note explaining why",
    ),
    (
        "unknown-na-reason",
        ["item", "set", "r1", KV, "--na-reason", "because: reasons"],
        r"^unknown N/A reason 'because'",
    ),
    (
        "na-reason-with-done",
        ["item", "set", "r1", KV, "--status", "done", "--na-reason", "other: x"],
        r"only accepted together with status 'na'",
    ),
    (
        "bad-due-date",
        ["item", "set", "r1", KV, "--due", "2026-13-01"],
        r"^invalid due date '2026-13-01': use YYYY-MM-DD$",
    ),
    (
        "bad-url-javascript",
        ["item", "set", "r1", KV, "--evidence", "javascript:alert(1)"],
        r"http:// or https:// URL",
    ),
    (
        "bad-url-relative",
        ["item", "set", "r1", KV, "--status", "done", "--evidence", "docs/runbook.md"],
        r"http:// or https:// URL",
    ),
    (
        "bad-url-spaces",
        ["item", "set", "r1", KV, "--evidence", "https://exa mple.com"],
        r"must not contain spaces",
    ),
    (
        "unknown-owner",
        ["item", "set", "r1", KV, "--status", "done", "--owner", "anna"],
        r"^unknown owner 'anna'; did you mean 'ana'\?$",
    ),
    (
        "title-without-evidence",
        ["item", "set", "r1", KV, "--title", "x"],
        r"^each --title needs an --evidence URL before it$",
    ),
    ("nothing-to-change", ["item", "set", "r1", KV], r"^nothing to change"),
    (
        "unknown-evidence",
        ["item", "set", "r1", KV, "--remove-evidence", "999"],
        r"^unknown evidence '999'$",
    ),
    (
        "stale-version",
        ["item", "set", "r1", KV, "--status", "done", "--expect-version", "7"],
        # issue 10: the old "changed since you loaded it" did not say what the value is now
        rf"^{KV} is at version 1, not 7: status is now todo \(yours: done\); nothing written$",
    ),
    (
        "notes-too-long",
        ["item", "set", "r1", KV, "--note", "x" * 20_001],
        r"notes are longer than 20000",
    ),
    (
        "unknown-template",
        ["release", "new", "r2", "--template", "databricks-ml-prod"],
        r"^unknown template 'databricks-ml-prod'; did you mean 'databricks-ml-production'\?$",
    ),
    (
        "unknown-var",
        ["release", "new", "r2", "--template", "databricks-ml-production", "--var", "catalgo=prod"],
        r"has no variable 'catalgo'; did you mean 'catalog'",
    ),
    (
        "var-without-value",
        ["release", "new", "r2", "--template", "databricks-ml-production", "--var", "catalog"],
        r"^expected KEY=VALUE, got 'catalog'$",
    ),
    (
        "bad-target-date",
        ["release", "new", "r2", "--template", "databricks-ml-production", "--target-date", "soon"],
        r"^invalid target date 'soon'",
    ),
    (
        "malformed-template",
        ["release", "new", "r2", "--template", "{bad_yaml}"],
        r"broken\.yaml:4:11: invalid YAML: ",
    ),
    (
        "malformed-template-validate",
        ["template", "validate", "{bad_yaml}"],
        r"broken\.yaml:4:11: invalid YAML: ",
    ),
    (
        "missing-template-file",
        ["release", "new", "r2", "--template", "nope.yaml"],
        r"^nope\.yaml: no such file$",
    ),
    (
        "duplicate-release",
        ["release", "new", "r1", "--template", "databricks-ml-production"],
        r"^a release named 'r1' already exists$",
    ),
    (
        "bad-release-name",
        ["release", "new", " ", "--template", "databricks-ml-production"],
        r"1-200 printable characters",
    ),
    ("duplicate-owner", ["owner", "add", "ANA"], r"^owner @ANA already exists$"),
    ("bad-owner-handle", ["owner", "add", "a b"], r"^invalid owner handle 'a b'"),
    (
        "bad-owner-email",
        ["owner", "add", "dee", "--email", "dee@"],
        r"^invalid e-mail address 'dee@'$",
    ),
    ("bad-owner-kind", ["owner", "add", "dee", "--kind", "robot"], r"^Invalid value for '--kind'"),
    ("bulk-nothing", ["item", "bulk", "r1", "Documentation"], r"^nothing to change"),
    (
        "bulk-na-without-reason",
        ["item", "bulk", "r1", "Documentation", "--status", "na"],
        r"needs a reason",
    ),
    (
        "bulk-unknown-scope",
        ["item", "bulk", "r1", "Documentaton", "--status", "done"],
        r"^unknown group or category 'Documentaton'; did you mean",
    ),
    (
        "bulk-unknown-owner",
        ["item", "bulk", "r1", "Documentation", "--owner", "nobody"],
        r"^unknown owner 'nobody'",
    ),
    (
        "undo-nothing",
        ["--as", "newcomer", "undo", "r1"],
        r"^nothing of yours to undo in release 'r1'$",
    ),
    (
        "golive-blocked",
        ["release", "golive", "r1"],
        r"blocking items are still open .* use --force --reason TEXT$",
    ),
    ("golive-force-without-reason", ["release", "golive", "r1", "--force"], r"needs --reason TEXT"),
    (
        "golive-reason-without-force",
        ["release", "golive", "r1", "--reason", "x"],
        r"^--reason goes with --force$",
    ),
    (
        "golive-bad-date",
        ["release", "golive", "r1", "--date", "2026-02-30", "--force", "--reason", "x"],
        r"^invalid go-live date",
    ),
    (
        "task-before-golive",
        ["task", "set", "r1", "monitor-all-alerts", "--status", "done"],
        r"^unknown task 'monitor-all-alerts'",
    ),
    (
        "task-title-without-evidence",
        ["task", "set", "r1", "monitor-all-alerts", "--note", "x", "--title", "t"],
        r"^each --title needs an --evidence URL before it$",
    ),
    ("tasks-bad-due", ["tasks", "--due", "tomorrow"], r"^Invalid value for '--due'"),
    ("export-unknown-release", ["export", "r2", "--format", "md"], r"^unknown release 'r2'$"),
    ("export-bad-format", ["export", "r1", "--format", "pdf"], r"^Invalid value for '--format'"),
    ("retro-unknown-release", ["retro", "nope"], r"^unknown release 'nope'"),
    (
        "sync-unknown-template",
        ["release", "sync", "r1", "--template", "other-template"],
        r"^unknown template 'other-template'",
    ),
    ("set-var-unknown", ["release", "set-var", "r1", "catalgo=x"], r"has no variable 'catalgo'"),
    ("history-unknown-item", ["history", "r1", "zzzqqq"], r"^unknown item 'zzzqqq'$"),
    ("missing-argument", ["item", "set", "r1"], r"^Missing argument 'ITEM'\.$"),
    ("unknown-option", ["status", "r1", "--colour"], r"^No such option '--colour'\.$"),
    ("unknown-command", ["frobnicate"], r"^No such command 'frobnicate'\.$"),
    (
        "bad-int",
        ["item", "set", "r1", KV, "--expect-version", "two"],
        r"^Invalid value for '--expect-version': 'two' is not a valid integer",
    ),
]


@pytest.mark.parametrize(("argv", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    tracker: Tracker, seeded_db: str, tmp_path: Path, argv: list[str], message: str
) -> None:
    bad_yaml = tmp_path / "broken.yaml"
    bad_yaml.write_text(BAD_YAML, encoding="utf-8")
    argv = [a.replace("{bad_yaml}", str(bad_yaml)) for a in argv]
    before = dump(seeded_db)
    error = tracker.fail(*argv)
    assert re.search(message, error), error
    assert dump(seeded_db) == before


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    t = Tracker("postgresql://user@host:notaport/db")
    assert t.fail("release", "list").startswith(
        "not a database URL: 'postgresql://user@host:notaport/db'"
    )
    t = Tracker("nosuchdialect://x/y")
    message = t.fail("release", "list")
    assert message.startswith("unsupported database URL nosuchdialect://x/y")


def test_an_unwritable_database_directory_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    url = f"sqlite:///{blocker / 'sub' / 'tracker.db'}"
    assert Tracker(url).fail("release", "list").startswith("no such directory")
    assert Tracker(url).fail("db", "init").startswith("cannot create the database directory")


def test_an_existing_release_is_not_touched_by_a_failed_create(
    tracker: Tracker, seeded_db: str
) -> None:
    before = dump(seeded_db)
    tracker.fail("release", "new", "r1", "--template", "databricks-ml-production", "--env", "dev")
    tracker.fail(
        "release", "new", "r2", "--template", "databricks-ml-production", "--var", "nope=1"
    )
    assert dump(seeded_db) == before


def test_a_malformed_url_does_not_leak_its_password() -> None:
    message = Tracker("postgresql://u:s3cret@host:notaport/db").fail("release", "list")
    assert "s3cret" not in message
