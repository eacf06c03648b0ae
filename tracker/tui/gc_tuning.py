"""The cyclic garbage collector during the app's life: off while it starts, tuned after.

Start-up (imports, stylesheet, the first frame) allocates a great deal and frees almost
nothing, yet the collector walks it all several times, a full pass among them: ~40 ms of a
~350 ms start. ``pause_for_start_up()`` turns it off before Textual is imported;
``tune_after_first_paint()`` turns it back on. This module must not import Textual.
"""

from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 20, 20)


def pause_for_start_up() -> None:
    gc.disable()


def tune_after_first_paint() -> None:
    """Fewer, cheaper cyclic-GC pauses while the app runs.

    Objects alive after the first paint (Textual's and the checklist's) live as long as the
    app: frozen, full collections don't scan them. Rendering allocates many short-lived objects
    that reference counting frees; a larger first threshold keeps the collector from running
    several times per keystroke (each full collection otherwise pauses the UI 30-60 ms).
    """
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def ensure_enabled() -> None:
    """After the app (or a start-up that failed before its first paint)."""
    gc.enable()
