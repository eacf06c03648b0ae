"""A service that refuses to be called on the UI thread (issue 10: "the database is called on
the UI thread": ``save_now`` on a key press, opening a release, owner lookups, ``add_owner``).

The app tests hand the app this proxy instead of the service. Every method call checks the
thread; a call on the main thread (Textual's event loop) once the app is up is recorded and
raises, so the test fails. Reading the first release to draw the first frame, before the app
runs, is allowed (``arm`` is called when the first screen exists).
"""

from __future__ import annotations

import threading
import traceback
from typing import Any


class UIThreadCall(AssertionError):
    pass


class OffUIThread:
    def __init__(self, service: Any) -> None:
        object.__setattr__(self, "_service", service)
        object.__setattr__(self, "armed", False)
        object.__setattr__(self, "violations", [])

    def arm(self) -> None:
        object.__setattr__(self, "armed", True)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._service, name)
        if not callable(value) or name.startswith("__"):
            return value

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.armed and threading.current_thread() is threading.main_thread():
                where = "".join(traceback.format_stack(limit=6)[:-1])
                self.violations.append(f"{name}\n{where}")
                raise UIThreadCall(f"service.{name}() called on the UI thread:\n{where}")
            return value(*args, **kwargs)

        return guarded
