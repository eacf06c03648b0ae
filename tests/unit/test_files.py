"""``tracker.files.write_output``: every kind of path gets written without harm (issue 15,
"Output files do harm"). Device nodes and FIFOs are made by the test under a temp dir; the real
/dev/null is never touched."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tracker.errors import ConflictError, TrackerError
from tracker.files import check_output, write_output


def test_a_regular_file_is_replaced_atomically_and_keeps_its_mode(tmp_path: Path) -> None:
    # Why: "An existing file's mode is reset to 0600".
    path = tmp_path / "status.md"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    write_output(path, "new\n")
    assert path.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["status.md"]  # no temp file left


def test_a_new_file_gets_the_umask_default_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_output(tmp_path / "new.md", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644


def test_a_symlink_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    # Why: "Any -o onto a symlink replaces the link instead of writing through it".
    target = tmp_path / "real.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_output(link, "through")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "through"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(tmp_path / "later.md")
    write_output(link, "x")
    assert link.is_symlink() and (tmp_path / "later.md").read_text(encoding="utf-8") == "x"


def test_a_fifo_is_streamed_not_replaced(tmp_path: Path) -> None:
    # Why: "The atomic writer renames a temp file over whatever path it is given".
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read)
    reader.start()
    write_output(fifo, "streamed\n")
    reader.join(timeout=10)
    assert received == [b"streamed\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    # Why: "tracker export REL -o /dev/null, run as root, replaced the device node".
    if os.geteuid() != 0:
        print("skipped: making a device node needs root")
        pytest.skip("making a device node needs root")
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private copy of the null device
    write_output(node, "discarded")
    st = node.lstat()
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TrackerError, match="is a directory"):
        write_output(tmp_path, "x")
    with pytest.raises(TrackerError, match="is a directory"):
        check_output(tmp_path)


def test_a_missing_folder_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(TrackerError, match="does not exist"):
        check_output(tmp_path / "no" / "x.xml")


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(TrackerError, match="not a regular file"):
            write_output(path, "x")


def test_overwrite_false_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("keep", encoding="utf-8")
    with pytest.raises(ConflictError, match="already exists"):
        write_output(path, "x", overwrite=False)
    assert path.read_text(encoding="utf-8") == "keep"
    write_output(tmp_path / "b.md", "x", overwrite=False)


def test_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    write_output("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
