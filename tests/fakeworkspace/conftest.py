"""Fixtures for exercising the fake workspace with the real databricks-sdk."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from databricks.sdk import AccountClient, WorkspaceClient
from databricks.sdk.core import Config

from tracker.fakeworkspace import FakeWorkspace

ACCOUNT_ID = "0d6f1f8a-5b2c-4cde-9abc-def012345678"


@pytest.fixture(autouse=True)
def isolated_databricks_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No DATABRICKS_* variable or ~/.databrickscfg profile may leak in; loopback bypasses proxies."""
    for key in list(os.environ):
        if key.startswith("DATABRICKS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("DATABRICKS_CONFIG_FILE", str(tmp_path / "no-databrickscfg"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(autouse=True, scope="session")
def quiet_sdk_logging() -> None:
    """The SDK's host-metadata warning must not reach Python's last-resort stderr handler."""
    logging.getLogger("databricks.sdk").addHandler(logging.NullHandler())


def make_client(
    url: str, *, token: str = "dummy", retry_timeout: int = 3, http_timeout: int = 2
) -> WorkspaceClient:
    """A WorkspaceClient with small retry/read budgets (the defaults block for minutes)."""
    config = Config(
        host=url,
        token=token,
        retry_timeout_seconds=retry_timeout,
        http_timeout_seconds=http_timeout,
    )
    return WorkspaceClient(config=config)


def make_account_client(url: str) -> AccountClient:
    config = Config(
        host=url,
        account_id=ACCOUNT_ID,
        token="dummy",
        retry_timeout_seconds=3,
        http_timeout_seconds=2,
    )
    return AccountClient(config=config)


@pytest.fixture
def client() -> Callable[..., WorkspaceClient]:
    """``client(url, token=..., retry_timeout=..., http_timeout=...)`` -> WorkspaceClient."""
    return make_client


@pytest.fixture
def account_client() -> Callable[[str], AccountClient]:
    return make_account_client


@pytest.fixture
def compliant() -> Iterator[FakeWorkspace]:
    with FakeWorkspace("compliant") as ws:
        yield ws


@pytest.fixture
def paged() -> Iterator[FakeWorkspace]:
    with FakeWorkspace("paged") as ws:
        yield ws
