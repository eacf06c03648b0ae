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
        if type(value).__module__.startswith("tracker.services."):
            return _OffUIThreadArea(value, self, name)  # an area: svc.items, svc.releases, ...
        if not callable(value) or name.startswith("__"):
            return value

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.armed and threading.current_thread() is threading.main_thread():
                where = "".join(traceback.format_stack(limit=6)[:-1])
                self.violations.append(f"{name}\n{where}")
                raise UIThreadCall(f"service.{name}() called on the UI thread:\n{where}")
            return value(*args, **kwargs)

        return guarded


class _OffUIThreadArea:
    """One area of the service (``svc.items``): its calls are checked by the parent guard."""

    def __init__(self, area: Any, guard: OffUIThread, name: str) -> None:
        self._area, self._guard, self._name = area, guard, name

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._area, name)
        if not callable(value) or name.startswith("__"):
            return value
        guard, label = self._guard, f"{self._name}.{name}"

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if guard.armed and threading.current_thread() is threading.main_thread():
                where = "".join(traceback.format_stack(limit=6)[:-1])
                guard.violations.append(f"{label}\n{where}")
                raise UIThreadCall(f"service.{label}() called on the UI thread:\n{where}")
            return value(*args, **kwargs)

        return guarded
