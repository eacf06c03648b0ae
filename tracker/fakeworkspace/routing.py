"""Route tables for the fake REST API: path templates, parsed requests, API errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from tracker.fakeworkspace.api import ApiError, ApiRequest, TextBody, bad_request, not_found

if TYPE_CHECKING:
    from tracker.fakeworkspace.state import WorkspaceState

# The request and error types live in ``api``; route modules import them from here too.
__all__ = [
    "ApiError",
    "ApiRequest",
    "Handler",
    "Route",
    "RouteTable",
    "Router",
    "TextBody",
    "bad_request",
    "compile_template",
    "not_found",
]


Handler = Callable[["WorkspaceState", ApiRequest], Any]

_PARAM = re.compile(r"\{(\w+)(:path)?\}")


@dataclass(frozen=True)
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler

    def match(self, path: str) -> dict[str, str] | None:
        found = self.pattern.fullmatch(path)
        if found is None:
            return None
        return {key: unquote(value) for key, value in found.groupdict().items()}


def compile_template(template: str) -> re.Pattern[str]:
    """``/a/{name}/b`` -> regex; ``{name}`` matches one segment (dots allowed), ``{name:path}`` several."""
    pattern, pos = "", 0
    for found in _PARAM.finditer(template):
        pattern += re.escape(template[pos : found.start()])
        pattern += f"(?P<{found.group(1)}>{'.+' if found.group(2) else '[^/]+'})"
        pos = found.end()
    return re.compile(pattern + re.escape(template[pos:]))


class RouteTable:
    """Routes registered with ``@table.get("/api/...")`` in one module."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        self.routes.append(Route(method, template, compile_template(template), handler))

    def route(self, method: str, *templates: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for template in templates:
                self.add(method, template, handler)
            return handler

        return register

    def get(self, *templates: str) -> Callable[[Handler], Handler]:
        return self.route("GET", *templates)

    def post(self, *templates: str) -> Callable[[Handler], Handler]:
        return self.route("POST", *templates)

    def __iter__(self) -> Iterator[Route]:
        return iter(self.routes)


class Router:
    """Dispatch over several route tables; unknown paths answer 404 ENDPOINT_NOT_FOUND."""

    def __init__(self, *tables: RouteTable) -> None:
        self.routes = [route for table in tables for route in table]

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        path_known = False
        for route in self.routes:
            params = route.match(path)
            if params is None:
                continue
            if route.method == method:
                return route, params
            path_known = True
        detail = (
            f"{method} is not supported for {path}"
            if path_known
            else f"No API found for '{method} {path}'"
        )
        raise ApiError(404, "ENDPOINT_NOT_FOUND", detail)
