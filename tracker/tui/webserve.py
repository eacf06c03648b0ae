"""``tracker serve``: the terminal app in a browser, through textual-serve.

textual-serve's ``Server`` spawns one app process per browser websocket (``AppService`` runs a
shell command with the web driver selected in its environment). We keep its page, static files
and protocol and change three things:

- **Who.** The page URL may name the user (``/?as=ana``); the app process of that session gets
  ``TRACKER_USER`` in its environment (never on a command line, never through a shell). The
  database reaches it the same way (``TRACKER_DB``), so a password in a URL is not shown by ``ps``.
- **Access.** With a token (required off loopback), the page answers only ``?token=...`` (compared
  in constant time); each page load mints a one-use session key, and the websocket is
  ``/ws/<key>``: no key, no app process.
- **Where.** The websocket URL is built from the request's Host header, so a server bound to
  ``0.0.0.0`` hands browsers an address they can reach.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import logging
import secrets
import shlex
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger(__name__)

SESSION_KEY_TTL_S = 120
MAX_PENDING_SESSIONS = 256
MAX_ACTOR_LENGTH = 80


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def valid_actor(name: str) -> bool:
    return 0 < len(name) <= MAX_ACTOR_LENGTH and name.isprintable() and name.strip() == name


class SessionAppService(AppService):
    """One browser session's app process, acting as ``actor`` on ``db_url``."""

    def __init__(self, command: str, *, db_url: str, actor: str, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self._tracker_env = {"TRACKER_DB": db_url, "TRACKER_USER": actor}

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment.update(self._tracker_env)
        return environment


@dataclass(frozen=True, slots=True)
class _Pending:
    actor: str
    expires: float


class TrackerServer(Server):  # type: ignore[misc]
    def __init__(
        self,
        *,
        host: str,
        port: int,
        db_url: str,
        actor: str,
        token: str | None,
        show_token: bool = True,
        announce: Callable[[str], None] = log.info,
    ) -> None:
        command = shlex.join([sys.executable, "-m", "tracker"])
        super().__init__(command, host=host, port=port, title="tracker")
        self.db_url, self.default_actor, self.token = db_url, actor, token
        self.show_token = show_token
        self.announce = announce  # the command echoes; no print() outside the CLI
        self._pending: dict[str, _Pending] = {}
        self.sessions_started = 0

    def page_url(self, host: str | None = None) -> str:
        shown = host or ("127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host)
        if ":" in shown and not shown.startswith("["):
            shown = f"[{shown}]"
        url = f"http://{shown}:{self.port}/"
        if self.token is None:
            return url
        # A generated token must be shown; one the user chose is not echoed back.
        return f"{url}?token={self.token if self.show_token else '<your token>'}"

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.INFO, format="tracker serve: %(message)s")

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=__import__("jinja2").FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{key}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        return app

    def serve(self, debug: bool = False) -> None:
        """Listen, then print the page URL (only once connections are accepted), until a signal."""
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self._serve_until_signalled())

    async def _serve_until_signalled(self) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, stop.set)
        runner = web.AppRunner(await self._make_app(), handle_signals=False, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
            self.announce(f"tracker serve: {self.page_url()}")
            self.announce("tracker serve: add ?as=NAME to act as NAME; Ctrl+C stops")
            await stop.wait()
        finally:
            await runner.cleanup()

    def _authorised(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        given = request.query.get("token", "")
        return hmac.compare_digest(given.encode(), self.token.encode())

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        if not self._authorised(request):
            raise web.HTTPForbidden(text="tracker serve: a valid ?token= is required\n")
        response: web.StreamResponse = await super().handle_download(request)
        return response

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        if not self._authorised(request):
            raise web.HTTPForbidden(text="tracker serve: a valid ?token= is required\n")
        actor = request.query.get("as", "").strip() or self.default_actor
        if not valid_actor(actor):
            raise web.HTTPBadRequest(
                text=f"?as= must be 1-{MAX_ACTOR_LENGTH} printable characters\n"
            )
        key = self._mint_session(actor)
        scheme = "wss" if request.secure else "ws"
        static = f"{request.scheme}://{request.host}/static/"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws/{key}",
            "config": {"static": {"url": static}},
            "application": {"name": f"tracker — {actor}"},
        }
        response: web.Response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the page's URL
        return response

    def _mint_session(self, actor: str) -> str:
        now = time.monotonic()
        for stale in [k for k, p in self._pending.items() if p.expires < now]:
            del self._pending[stale]
        if len(self._pending) >= MAX_PENDING_SESSIONS:
            raise web.HTTPTooManyRequests(text="tracker serve: too many pending sessions\n")
        key = secrets.token_urlsafe(24)
        self._pending[key] = _Pending(actor, now + SESSION_KEY_TTL_S)
        return key

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        pending = self._pending.pop(request.match_info["key"], None)
        if pending is None or pending.expires < time.monotonic():
            raise web.HTTPForbidden(
                text="tracker serve: unknown or used session; reload the page\n"
            )
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = SessionAppService(
                self.command,
                db_url=self.db_url,
                actor=pending.actor,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.sessions_started += 1
            log.info("session %d started as %r", self.sessions_started, pending.actor)
            await app_service.start(width, height)
            try:
                await self._process_messages(websocket, app_service)
            finally:
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception:
            log.exception("session failed")
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket


def serve(
    *,
    host: str,
    port: int,
    db_url: str,
    actor: str,
    token: str | None,
    show_token: bool,
    announce: Callable[[str], None],
) -> None:
    """Serve until interrupted; ``announce`` gets the lines a user must see (the page URL)."""
    TrackerServer(
        host=host,
        port=port,
        db_url=db_url,
        actor=actor,
        token=token,
        show_token=show_token,
        announce=announce,
    ).serve()
