"""The interpreter's settings while the app starts, and after its first paint.

- Garbage collection. Start-up (imports, stylesheet, the first frame) allocates a great deal and
  frees almost nothing, yet the cyclic collector walks it all several times, a full pass among
  them: ~40 ms of a ~350 ms start. It is off until the first paint, then back on, tuned.
- The GIL switch interval. Textual hands each frame to a writer thread; the main thread goes on
  at once (the first frame is followed by layout passes), and the writer waits up to the switch
  interval (5 ms, more than once) for the GIL: the first frame reached the terminal ~10 ms after
  it was ready. A 0.5 ms interval until the first paint lets it through at once.

``pause_for_start_up()`` runs before Textual is imported: this module must not import it.
"""

from __future__ import annotations

import gc
import sys

GC_THRESHOLDS = (10_000, 20, 20)
START_UP_SWITCH_INTERVAL = 0.0005
_switch_interval = sys.getswitchinterval()


def pause_for_start_up() -> None:
    global _switch_interval
    _switch_interval = sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(START_UP_SWITCH_INTERVAL)


def tune_after_first_paint() -> None:
    """Back to normal running, with fewer, cheaper cyclic-GC pauses.

    Objects alive after the first paint (Textual's and the checklist's) live as long as the
    app: frozen, full collections don't scan them. Rendering allocates many short-lived objects
    that reference counting frees; a larger first threshold keeps the collector from running
    several times per keystroke (each full collection otherwise pauses the UI 30-60 ms).
    """
    sys.setswitchinterval(_switch_interval)
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def restore() -> None:
    """After the app, or a start-up that failed before its first paint."""
    sys.setswitchinterval(_switch_interval)
    gc.enable()
