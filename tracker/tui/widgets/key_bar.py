"""A one-line footer of the active key bindings, drawn as a single widget.

Textual's ``Footer`` mounts one widget per binding; on the checklist screen that alone cost about
100 ms of the first paint (measured with ``bench/startup.py``). This bar renders the same bindings
(``show=True``, one per action, the command palette last) as one line of text and maps clicks back
to the binding under the pointer, so the mouse still works.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.binding import ActiveBinding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

PINNED = ("help", "quit")
"""Binding ids that stay on the bar however narrow the terminal (right, before the palette)."""


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self._spans: list[tuple[int, int, DOMNode, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def _visible_bindings(self) -> tuple[list[ActiveBinding], ActiveBinding | None]:
        shown: list[ActiveBinding] = []
        pinned: list[ActiveBinding] = []
        actions: set[str] = set()
        palette: ActiveBinding | None = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = active
                continue
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            (pinned if binding.id in PINNED else shown).append(active)
        pinned.sort(key=lambda a: PINNED.index(a.binding.id or ""))
        return shown + pinned, palette

    def render(self) -> RenderResult:
        shown, palette = self._visible_bindings()
        labels = [(self._label(active), active) for active in shown]
        pinned = [(c, a) for c, a in labels if a.binding.id in PINNED]
        labels = [(c, a) for c, a in labels if a.binding.id not in PINNED]
        tail = Content("")
        if palette is not None:
            tail = Content.assemble(
                ("▏", "$footer-foreground 50%"),
                (f"{self.app.get_key_display(palette.binding)} ", "bold $footer-key-foreground"),
                (palette.binding.description or "palette", ""),
            )
        width = self.size.width
        fixed = sum(c.cell_length for c, _ in pinned) + tail.cell_length + 1
        # Help, quit and the palette stay visible; keys that don't fit are in help.
        while labels and sum(c.cell_length for c, _ in labels) + fixed > width:
            labels.pop()
        labels += pinned
        self._spans = []
        x = 0
        for content, active in labels:
            self._spans.append((x, x + content.cell_length, active.node, active.binding.action))
            x += content.cell_length
        line = Content("").join(c for c, _ in labels)
        if palette is not None:
            pad = max(1, width - line.cell_length - tail.cell_length)
            self._spans.append((x + pad, width, palette.node, palette.binding.action))
            line = Content.assemble(line, " " * pad, tail)
        return line

    def _label(self, active: ActiveBinding) -> Content:
        binding, enabled = active.binding, active.enabled
        return Content.assemble(
            (
                f" {self.app.get_key_display(binding)}",
                "bold $footer-key-foreground" if enabled else "$text-disabled",
            ),
            (f" {binding.description}", "" if enabled else "$text-disabled"),
        )

    async def on_click(self, event: events.Click) -> None:
        for start, end, node, action in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action, node)
                return
