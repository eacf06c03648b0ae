"""The yardstick for start-up time: a minimal Textual app that shows one Static.

python bench/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "minimal Textual app is on screen"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalApp().run()
