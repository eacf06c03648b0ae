"""Requests and answers of the fake REST API: the parsed request, API errors, plain-text bodies.
(Apart from ``routing`` so that the workspace state can use them without importing the router.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
