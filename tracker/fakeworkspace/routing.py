"""Route tables for the fake REST API: path templates, parsed requests, API errors."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from tracker.fakeworkspace.state import WorkspaceState


class ApiError(Exception):
    """An error answer in the Databricks shape ``{"error_code": ..., "message": ...}``."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error_code, self.message = status, error_code, message

    def body(self) -> dict[str, str]:
        return {"error_code": self.error_code, "message": self.message}


def not_found(message: str, error_code: str = "RESOURCE_DOES_NOT_EXIST") -> ApiError:
    return ApiError(404, error_code, message)


def bad_request(message: str, error_code: str = "INVALID_PARAMETER_VALUE") -> ApiError:
    return ApiError(400, error_code, message)


@dataclass(frozen=True)
class TextBody:
    """A non-JSON answer (Prometheus metrics, OpenAPI documents)."""

    text: str
    content_type: str = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class ApiRequest:
    """A parsed request: path parameters are percent-decoded, the body is decoded JSON (or None)."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any = None
    params: dict[str, str] = field(default_factory=dict)

    def arg(self, name: str) -> str | None:
        """A query parameter, else a top-level body field (POST lists page through the body)."""
        values = self.query.get(name)
        if values:
            return values[0]
        if isinstance(self.body, dict) and self.body.get(name) is not None:
            value = self.body[name]
            return value if isinstance(value, str) else str(value)
        return None

    def args(self, name: str) -> list[str]:
        """Every value of a repeated query parameter (or of a list in the body)."""
        if name in self.query:
            return list(self.query[name])
        if isinstance(self.body, dict) and isinstance(self.body.get(name), list):
            return [str(v) for v in self.body[name]]
        return []

    def require(self, name: str) -> str:
        value = self.arg(name)
        if value is None or value == "":
            raise bad_request(f"Missing required field: {name}")
        return value

    def int_arg(self, name: str) -> int | None:
        value = self.arg(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"Invalid value for {name}: {value!r} is not an integer") from None

    def bool_arg(self, name: str) -> bool:
        value = self.arg(name)
        return value is not None and value.lower() in ("true", "1")


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
