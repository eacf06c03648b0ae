"""The base of every controller: a widget that takes no room and is never drawn."""

from __future__ import annotations

from textual.widget import Widget


class Controller(Widget):
    """Mounted for its message queue and its workers only (``display: none``)."""

    DEFAULT_CSS = "Controller { display: none; }"
    can_focus = False
