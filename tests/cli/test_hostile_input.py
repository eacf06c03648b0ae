"""The whole CLI over a corpus of hostile files and arguments (issue 15, "Tracebacks (exit 1)
instead of one line", "Silent acceptance", "Unclear errors"): every case exits 2 with exactly one
stderr line, no traceback, and leaves the database unchanged: a SQLite file byte for byte, every
row of a PostgreSQL database."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import ERROR_PREFIX, Tracker
from tests.services.dbutil import SHIPPED_TEMPLATE, DatabaseFactory, dump
from tests.unit.test_template_loader import with_item_a
from tracker.cli import cli
from tracker.db.migrate import HEAD_REVISION as HEAD

KV = "secrets-azure-key-vault"
BAD = "caf\udce9"  # what Python makes of the Latin-1 byte 0xE9 in argv: a lone surrogate
LONG = "x" * 100_000
NEW = ["release", "new", "r2", "--template"]

# Hostile template files: name -> bytes.
FILES: dict[str, bytes] = {
    "nul.yaml": b"id: x\nversion: 1\ntitle: a\x00b\n",
    "latin1.yaml": b"id: x\nversion: 1\ntitle: caf\xe9\n",
    "empty.yaml": b"",
    "list.yaml": b"- 1\n- 2\n",
    "garbage.yaml": bytes(range(1, 256)),
    "tabs.yaml": b"id: x\n\tversion: 1\n",
    "deep.yaml": b"id: x\nversion: 1\ntitle: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "laughs.yaml": (
        b'id: x\nversion: 1\ntitle: t\na: &a ["lol","lol"]\nb: &b [*a,*a,*a]\ncategories: [*b]\n'
    ),
    "merge.yaml": b"id: x\nversion: 1\ntitle: t\nbase: &b {x: 1}\nother:\n  <<: *b\n",
    "timestamp.yaml": b"id: x\nversion: 1\ntitle: 2020-01-01 99:00:00\n",
    "huge.yaml": b"# " + b"x" * 5_100_000 + b"\n",
    "bom-utf16.yaml": "id: x\n".encode("utf-16"),
    # a check id `template validate` refuses: release new and sync refuse it too
    "check-typo.yaml": with_item_a(
        "check:\n  id: uc_catalog_exist\n  params: {catalog: x}"
    ).encode(),
}


def _shipped_with_a_check_typo() -> bytes:
    """The shipped template, one version up, whose first checked item names a typo check."""
    data = yaml.safe_load(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
    data["version"] += 1
    item = next(
        i for c in data["categories"] for g in c["groups"] for i in g["items"] if "check" in i
    )
    item["check"]["id"] += "x"
    return yaml.safe_dump(data, sort_keys=False).encode()


FILES["shipped-typo.yaml"] = _shipped_with_a_check_typo()

# (id, argv, message regex). {f:NAME} is a hostile file; {tmp} the temp dir.
CASES: list[tuple[str, list[str], str]] = [
    *[
        (f"template-validate-{n}", ["template", "validate", f"{{f:{n}}}"], re.escape(n))
        for n in FILES
    ],
    *[(f"release-new-{n}", [*NEW, f"{{f:{n}}}"], re.escape(n)) for n in FILES],
    ("template-directory", [*NEW, "{tmp}/dir.yaml"], r"is a directory"),
    (
        "sync-check-typo",
        ["release", "sync", "r1", "--template", "{f:shipped-typo.yaml}"],
        r"shipped-typo.yaml:\d+:\d+: .*check.id: unknown check '\w+x'; did you mean",
    ),
    # invalid UTF-8 in every kind of argument
    (
        "utf8-note",
        ["item", "set", "r1", KV, "--note", BAD],
        r"argument \d+ is not valid UTF-8 text: 'caf\\udce9'",
    ),
    ("utf8-na-note", ["item", "set", "r1", KV, "--na-reason", f"other: {BAD}"], r"not valid UTF-8"),
    (
        "utf8-title",
        ["item", "set", "r1", KV, "--evidence", "https://e.com/a", "--title", BAD],
        r"not valid UTF-8",
    ),
    ("utf8-owner", ["item", "set", "r1", KV, "--owner", BAD], r"not valid UTF-8"),
    ("utf8-owner-name", ["owner", "add", "dee", "--name", BAD], r"not valid UTF-8"),
    ("utf8-as", ["--as", BAD, "item", "set", "r1", KV, "--note", "x"], r"not valid UTF-8"),
    ("utf8-release-name", [*NEW[:2], BAD, "--template", "databricks-ml-production"], "UTF-8"),
    ("utf8-release-ref", ["status", BAD], r"not valid UTF-8"),
    ("utf8-url", ["item", "set", "r1", KV, "--evidence", f"https://e.com/{BAD}"], r"UTF-8"),
    ("utf8-env", [*NEW, "databricks-ml-production", "--env", BAD], r"not valid UTF-8"),
    ("utf8-var", ["release", "set-var", "r1", f"catalog={BAD}"], r"not valid UTF-8"),
    ("utf8-golive-reason", ["release", "golive", "r1", "--force", "--reason", BAD], r"UTF-8"),
    ("utf8-search", ["item", "list", "r1", "--search", BAD], r"not valid UTF-8"),
    ("utf8-output", ["export", "r1", "-o", f"{{tmp}}/{BAD}.md"], r"not valid UTF-8"),
    # URLs
    ("ipv6-url", ["item", "set", "r1", KV, "--evidence", "http://[::1/x"], r"Invalid IPv6 URL"),
    ("ipv6-url-task", ["task", "set", "r1", "x", "--evidence", "http://[zz"], r"."),
    ("url-nul", ["item", "set", "r1", KV, "--evidence", "https://e.com/\x00"], r"control"),
    ("url-too-long", ["item", "set", "r1", KV, "--evidence", "https://e.com/" + LONG], "longer"),
    # dates and numbers
    (
        "golive-9999",
        ["release", "golive", "r1", "--date", "9999-12-31", "--force", "--reason", "x"],
        "2100",
    ),
    (
        "golive-1900",
        ["release", "golive", "r1", "--date", "1900-01-01", "--force", "--reason", "x"],
        "2000",
    ),
    (
        "due-1900",
        ["item", "set", "r1", KV, "--due", "1900-01-01"],
        r"due date 1900-01-01 is out of range",
    ),
    ("due-9999", ["item", "set", "r1", KV, "--due", "9999-12-31"], r"out of range"),
    ("target-1900", [*NEW, "databricks-ml-production", "--target-date", "1900-01-01"], "range"),
    ("task-date-0001", ["task", "set", "r1", "x", "--date", "0001-01-01"], r"out of range"),
    ("history-limit-negative", ["history", "r1", "--limit", "-5"], r"--limit"),
    ("history-limit-zero", ["history", "r1", "--limit", "0"], r"--limit"),
    (
        "expect-version-huge",
        ["item", "set", "r1", KV, "--note", "x", "--expect-version", "9" * 40],
        r".",
    ),
    (
        "expect-version-999",  # Why: "says 'changed by root since you loaded it' and shows nothing"
        ["item", "set", "r1", KV, "--status", "done", "--expect-version", "999"],
        r"is at version \d+, not 999: status is now \w+ \(yours: done\); nothing written",
    ),
    # names
    (
        "release-bidi",
        [*NEW[:2], "rel\u202egnp.exe", "--template", "databricks-ml-production"],
        "bidi",
    ),
    ("release-esc", [*NEW[:2], "rel\x1b[31m", "--template", "databricks-ml-production"], "control"),
    ("release-too-long", [*NEW[:2], LONG, "--template", "databricks-ml-production"], "1-200"),
    ("as-control", ["--as", "mal\x1b]0;x\x07", "item", "set", "r1", KV, "--note", "x"], "control"),
    ("as-too-long", ["--as", LONG, "item", "set", "r1", KV, "--note", "x"], r"1-100"),
    ("owner-name-too-long", ["owner", "add", "dee", "--name", LONG], r"longer than 200"),
    ("owner-team-too-long", ["owner", "add", "dee", "--team", LONG], r"longer than 100"),
    ("owner-email-too-long", ["owner", "add", "dee", "--email", LONG + "@e.com"], r"e-mail"),
    (
        "handle-too-long",
        ["owner", "add", LONG],
        r"^invalid owner handle 'x{60}'… \(100000 characters\)",
    ),
    ("env-too-long", [*NEW, "databricks-ml-production", "--env", LONG], r"longer than 100"),
    ("na-note-too-long", ["item", "set", "r1", KV, "--na-reason", "other: " + LONG], r"longer"),
    ("reason-too-long", ["release", "golive", "r1", "--force", "--reason", LONG], r"longer"),
    (
        "title-too-long",
        ["item", "set", "r1", KV, "--evidence", "https://e.com", "--title", LONG],
        "longer",
    ),
    ("var-too-long", ["release", "set-var", "r1", "catalog=" + LONG], r"longer than 1000"),
    ("search-too-long", ["item", "list", "r1", "--search", LONG], r"longer than 200"),
    ("release-ref-too-long", ["status", LONG], r"^unknown release 'x{60}'… \(100000 characters\)$"),
    ("item-ref-too-long", ["item", "show", "r1", LONG], r"^unknown item 'x{60}'… \(100000"),
    # filters that name nothing
    ("owner-empty-set", ["item", "set", "r1", KV, "--owner", ""], r"--owner needs an owner"),
    ("owner-empty-bulk", ["item", "bulk", "r1", "Documentation", "--owner", " "], r"--owner needs"),
    ("owner-empty-task", ["task", "set", "r1", "x", "--owner", ""], r"--owner needs an owner"),
    ("owner-empty-list", ["item", "list", "r1", "--owner", ""], r"--owner needs an owner handle"),
    ("owner-empty-tasks", ["tasks", "--owner", ""], r"--owner needs an owner handle"),
    ("owner-unknown-list", ["item", "list", "r1", "--owner", "anna"], r"did you mean 'ana'"),
    ("owner-unknown-tasks", ["tasks", "--owner", "nobody"], r"^unknown owner 'nobody'"),
    # repeated options (a count cap each; checked while parsing, before anything is stored)
    (
        "evidence-repeated",
        ["item", "set", "r1", KV, *["--evidence", "https://e.com/a"] * 101],
        r"^--evidence is given 101 times; the limit is 100$",
    ),
    (
        "remove-evidence-repeated",
        ["item", "set", "r1", KV, *["--remove-evidence", "1"] * 101],
        r"^--remove-evidence is given 101 times",
    ),
    (
        "task-evidence-repeated",
        ["task", "set", "r1", "x", *["--evidence", "https://e.com/a"] * 101],
        r"^--evidence is given 101 times",
    ),
    (
        "var-repeated",
        [*NEW, "databricks-ml-production", *["--var", "catalog=x"] * 201],
        r"^--var is given 201 times; the limit is 200$",
    ),
    (
        "set-var-repeated",
        ["release", "set-var", "r1", *["catalog=x"] * 201],
        r"^201 assignments given; the limit is 200$",
    ),
    (
        "validate-files-repeated",
        ["template", "validate", *["{f:empty.yaml}"] * 1001],
        r"^1001 files given; the limit is 1000$",
    ),
    ("status-repeated", ["item", "list", "r1", *["--status", "todo"] * 101], r"^--status is"),
    ("depends-repeated", ["depends", "r1", KV, *["--add", "x"] * 101], r"^--add is given 101"),
    ("role-repeated", ["signoff", "r1", *["--add-role", "x"] * 101], r"^--add-role is given"),
    # output paths
    ("output-directory", ["export", "r1", "-o", "{tmp}"], r"is a directory"),
    ("output-missing-dir", ["retro", "r1", "-o", "{tmp}/no/x.md"], r"does not exist"),
    ("junit-missing-dir", ["gate", "r1", "--junit", "{tmp}/no/x.xml"], r"does not exist"),
    ("output-nul", ["export", "r1", "-o", "a\x00b"], r"not a file name"),
]


def _materialise(tmp_path: Path) -> Callable[[str], str]:
    for name, data in FILES.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "dir.yaml").mkdir(exist_ok=True)

    def expand(arg: str) -> str:
        for name in FILES:
            arg = arg.replace(f"{{f:{name}}}", str(tmp_path / name))
        return arg.replace("{tmp}", str(tmp_path))

    return expand


def _snapshot(db: str) -> bytes:
    """The database file's bytes (WAL checkpointed into it by the closed connections)."""
    path = Path(db.removeprefix("sqlite:///"))
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_every_repeatable_option_has_a_count_limit() -> None:
    """Every option given more than once (``multiple=True``) and every ``ARG...`` argument of
    every command refuses more than its limit (so a script's runaway loop is one line)."""
    import click

    from tracker.commands.common import RepeatLimit

    def walk(command: click.Command, path: str) -> list[str]:
        missing = [
            f"{path} {p.name}"
            for p in command.params
            if (getattr(p, "multiple", False) or p.nargs == -1)
            and not isinstance(p.callback, RepeatLimit)
        ]
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                missing += walk(sub, f"{path} {name}")
        return missing

    assert walk(cli, "tracker") == []


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 75
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def corpus_db(
    request: pytest.FixtureRequest, seeded_db: str, cli_databases: DatabaseFactory
) -> tuple[str, Callable[[], object]]:
    """The seeded database and how to snapshot it: SQLite's file bytes, every PostgreSQL row."""
    if request.param == "sqlite":
        return seeded_db, lambda: _snapshot(seeded_db)
    url = cli_databases.postgres("seeded")
    return url, lambda: dump(url)


@pytest.mark.parametrize(("argv", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_input_is_one_line_exit_2_and_changes_no_byte(
    corpus_db: tuple[str, Callable[[], object]], tmp_path: Path, argv: list[str], message: str
) -> None:
    url, snapshot = corpus_db
    tracker = Tracker(url)
    expand = _materialise(tmp_path)
    argv = [expand(a) for a in argv]
    tracker.ok("release", "list")  # settle the file (WAL, schema) before the snapshot
    before = snapshot()
    error = tracker.fail(*argv)
    assert "Traceback" not in error
    assert re.search(message, error), error
    assert snapshot() == before


TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=TEXT,
    field=st.sampled_from(["--note", "--title", "--owner", "--na-reason", "--due", "--evidence"]),
)
def test_any_text_in_an_item_field_is_accepted_or_one_line(
    tracker: Tracker, value: str, field: str
) -> None:
    argv = ["item", "set", "r1", KV, field, value]
    if field == "--title":
        argv = ["item", "set", "r1", KV, "--evidence", "https://e.com", "--title", value]
    result = CliRunner().invoke(cli, ["--db", tracker.db, *argv], prog_name="tracker")
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exception
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr)
    if result.exit_code == 2:
        assert result.stderr.startswith(ERROR_PREFIX) and result.stderr.count("\n") == 1


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=TEXT)
def test_any_release_name_is_accepted_or_one_line(tracker: Tracker, value: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", tracker.db, "release", "show", value], prog_name="tracker"
    )
    assert not (result.exception and not isinstance(result.exception, SystemExit)), result.exception
    assert result.exit_code in (0, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith(ERROR_PREFIX) and result.stderr.count("\n") == 1


def test_a_bad_template_is_listed_as_invalid_and_the_others_still_are(
    tracker: Tracker, tmp_path: Path
) -> None:
    # Why: "One such file in the user template folder hangs or crashes template list"; a check
    # id that `template validate` refuses makes a template invalid in the list too.
    _materialise(tmp_path)
    out = tracker.ok("template", "list", env={"TRACKER_TEMPLATES": str(tmp_path)})
    assert "databricks-ml-production" in out
    for name in ("nul", "laughs", "huge", "latin1", "check-typo"):
        line = next(line for line in out.splitlines() if line.startswith(name))
        assert "INVALID" in line, line
    assert os.path.exists(tmp_path / "nul.yaml")


# --- the database path (Why: "--db sqlite:////nonexistent/dir/x.db creates the directory and an
# empty database, then says 'no releases yet' with exit 0") ---


@pytest.mark.parametrize(
    "argv", [["release", "list"], ["status", "r1"], ["tasks"], ["owner", "list"], ["db", "current"]]
)
def test_a_read_command_never_creates_a_database(tmp_path: Path, argv: list[str]) -> None:
    missing_dir = tmp_path / "nonexistent" / "dir" / "x.db"
    message = Tracker(f"sqlite:///{missing_dir}").fail(*argv)
    assert message.startswith(f"no such directory {missing_dir.parent}; create it or run")
    assert "`tracker db init sqlite:///" in message
    assert not (tmp_path / "nonexistent").exists()
    missing_file = tmp_path / "x.db"
    message = Tracker(f"sqlite:///{missing_file}").fail(*argv)
    assert message.startswith(f"no database at {missing_file}")
    assert not missing_file.exists()


def test_db_init_and_release_new_create_a_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a' / 'b' / 'x.db'}"
    assert Tracker(url).ok("db", "init").endswith("created, at revision " + HEAD + "\n")
    assert Tracker(url).ok("release", "list").startswith("no releases yet")
    other = tmp_path / "y.db"
    Tracker(f"sqlite:///{other}").ok(
        "release", "new", "r", "--template", "databricks-ml-production"
    )
    assert other.is_file()


# --- names (Why: "REL created next to rel") ---


def test_release_names_are_unique_ignoring_case(tracker: Tracker, seeded_db: str) -> None:
    before = _snapshot(seeded_db)
    message = tracker.fail("release", "new", "R1", "--template", "databricks-ml-production")
    assert (
        message
        == "a release named 'r1' already exists and names ignore case; use 'r1' or choose another name"
    )
    assert _snapshot(seeded_db) == before


# --- tasks (Why: "tasks --due week says 'nothing due (week)' while 11 tasks are overdue") ---


def test_tasks_week_includes_overdue_and_says_how_many(tracker: Tracker) -> None:
    assert tracker.ok("tasks") == (
        "nothing due: no live releases (record a go-live with `tracker release golive`)\n"
    )
    tracker.ok("release", "golive", "r1", "--date", "2026-11-10", "--force", "--reason", "test")
    week = tracker.ok("tasks", "--due", "week")
    last = week.splitlines()[-1]
    assert re.fullmatch(r"\d+ task\(s\) due within 7 days, (\d+) of them overdue", last)
    assert int(last.split(", ")[1].split()[0]) > 0
    assert "d late" in week.splitlines()[2]
    empty = tracker.ok("tasks", "--owner", "platform", "--due", "today")
    assert re.fullmatch(
        r"nothing due: \d+ open task\(s\), none due today and owned by @platform\n", empty
    )


# --- strict means strict (Why: "template validate says 'ok' for a check id that does not exist")


def test_template_validate_resolves_check_ids(tracker: Tracker, tmp_path: Path) -> None:
    from tests.unit.test_template_loader import with_item_a

    path = tmp_path / "typo.yaml"
    path.write_text(
        with_item_a("check:\n  id: uc_catalog_exist\n  params: {catalog: x}"), encoding="utf-8"
    )
    message = tracker.fail("template", "validate", str(path))
    assert message.startswith(
        f"{path}:18:19: categories.0.groups.0.items.0.check.id: unknown check"
    )


def test_the_app_refuses_a_database_folder_that_does_not_exist(tmp_path: Path) -> None:
    import subprocess
    import sys

    missing = tmp_path / "nonexistent" / "x.db"
    done = subprocess.run(
        [sys.executable, "-m", "tracker"],
        env={**os.environ, "TRACKER_DB": f"sqlite:///{missing}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"tracker: error: no such directory {missing.parent}; create it or run "
        f"`tracker db init sqlite:///{missing}`\n"
    )
    assert not missing.parent.exists()
