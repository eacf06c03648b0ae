"""The base of every dialog: a centred panel with a title, escape to cancel."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Select, TextArea

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    """Subclasses implement ``compose_body``; ``escape`` or a ``#cancel`` button dismisses with
    None (``action_cancel``)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", tooltip="Close without changing anything."),
    ]
    TITLE_TEXT = ""
    _error_field: str | None = None
    """The field whose problem the error line shows (it is re-checked as the field changes)."""

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

    def error(self, message: str, field: str | None = None) -> None:
        """Show a message in the dialog (it stays open); ``field``: the id of the field it is
        about, so that it clears once that field is fixed."""
        label = self.query_one("#dialog-error", Label)
        label.update(message)
        # Once shown, its row stays (empty when cleared): the buttons below do not jump.
        label.display = label.display or bool(message)
        self._error_field = field if message else None

    def problem(self) -> tuple[str, str] | None:
        """The first field that is not valid now, as (its id, the message), or None. Dialogs
        with validated fields say it here and save through ``valid()``."""
        return None

    def valid(self) -> bool:
        """Whether the fields are valid; if not, the problem is shown and its field focused."""
        found = self.problem()
        if found is None:
            self.error("")
            return True
        field, message = found
        self.error(message, field)
        self.query_one(f"#{field}").focus()
        return False

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _recheck(self) -> None:
        """A shown problem goes once its field is valid (it follows the field's value until)."""
        if self._error_field is None:
            return
        found = self.problem()
        if found is None or found[0] != self._error_field:
            self.error("")
        else:
            self.error(found[1], found[0])

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
