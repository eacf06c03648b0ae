"""The base of every dialog: a centred panel with a title, escape to cancel."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """Subclasses implement ``compose_body``; ``escape`` or a ``#cancel`` button dismisses with
    None (``action_cancel``)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", tooltip="Close without changing anything."),
    ]
    TITLE_TEXT = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text(), id="dialog-title")
            yield from self.compose_body()

    def title_text(self) -> str:
        return self.TITLE_TEXT

    def compose_body(self) -> ComposeResult:
        yield from ()

    def buttons(self, *pairs: tuple[str, str, str]) -> Horizontal:
        """A row of buttons from (label, id, variant) triples."""
        return Horizontal(
            *(
                Button(label, id=bid, variant=variant, compact=True)  # type: ignore[arg-type]
                for label, bid, variant in pairs
            ),
            id="dialog-buttons",
        )

    def error(self, message: str) -> None:
        """Show a validation message in the dialog (it stays open)."""
        label = self.query_one("#dialog-error", Label)
        label.update(message)
        label.display = bool(message)

    def error_label(self) -> Label:
        label = Label("", id="dialog-error")
        label.display = False
        return label

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Escape or the Cancel button: close without a result (subclasses may say more)."""
        self.dismiss(None)
