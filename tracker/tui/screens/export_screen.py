"""Export the release (or its retrospective) to a file chosen here, or copy it to the clipboard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.widgets import Button, Input, Label, RadioButton, RadioSet

from tracker.tui.screens.dialog import Dialog

EXTENSIONS = {"md": ".md", "json": ".json", "retro": "-retro.md"}


@dataclass(frozen=True, slots=True)
class ExportRequest:
    fmt: str
    path: Path | None
    """None: copy to the clipboard."""


def default_file_name(release: str, fmt: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", release.casefold()).strip("-") or "release"
    return slug + EXTENSIONS[fmt]


class ExportScreen(Dialog[ExportRequest]):
    def __init__(self, release: str, fmt: str, folder: Path) -> None:
        super().__init__()
        self.release, self.fmt, self.folder = release, fmt, folder
        self._replace_ok: Path | None = None

    def title_text(self) -> str:
        return f"Export “{self.release}”"

    def compose_body(self) -> ComposeResult:
        with RadioSet(id="export-format"):
            yield RadioButton("Markdown (GitHub)", value=self.fmt == "md", name="md")
            yield RadioButton("JSON (tracker.release/v1)", value=self.fmt == "json", name="json")
            yield RadioButton("Retrospective (Markdown)", value=self.fmt == "retro", name="retro")
        yield Label("File")
        yield Input(str(self.folder / default_file_name(self.release, self.fmt)), id="export-path")
        yield self.error_label()
        yield self.buttons(
            ("Save", "save", "primary"),
            ("Copy to clipboard", "copy", "default"),
            ("Cancel", "cancel", "default"),
        )

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        fmt = event.pressed.name or "md"
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value)
        # The longest ending first: "x-retro.md" ends with ".md" too.
        for ending in sorted(EXTENSIONS.values(), key=len, reverse=True):
            if path.name.endswith(ending):
                stem = path.name[: -len(ending)]
                path_input.value = str(path.with_name(stem + EXTENSIONS[fmt]))
                break
        self.fmt = fmt

    @on(Input.Submitted, "#export-path")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.error("Give a file name.")
            return
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            path = path / default_file_name(self.release, self.fmt)
        if not path.parent.is_dir():
            self.error(f"No such folder: {path.parent}")
            return
        if path.is_file() and self._replace_ok != path:  # ask before overwriting
            self._replace_ok = path
            self.error(f"{path.name} already exists: press Save again to replace it.")
            return
        self.dismiss(ExportRequest(self.fmt, path))

    @on(Button.Pressed, "#copy")
    def _copy(self) -> None:
        self.dismiss(ExportRequest(self.fmt, None))
