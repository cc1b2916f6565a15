"""`FakeTelegram`: a fake Bot API HTTP server on 127.0.0.1 for end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import socket
import sys
import threading
import traceback
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import unquote, urlsplit

from .backend import Backend
from .errors import ApiError, BotApiViolation
from .models import FakeTelegramStats, Json
from .users import SimUser
from .wire import decode_request

T = TypeVar("T")
Dispatcher = Callable[[dict[str, Any]], Awaitable[object]]

FETCH_TIMEOUT = 5.0  # how long a polling bot may take to fetch a delivered update
POLL_INTERVAL = 0.005
SHUTDOWN_POLL_INTERVAL = 0.01  # how often the server thread checks whether stop() was called

_API_PATH = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>\w+)")
_FILE_PATH = re.compile(r"/file/bot(?P<token>[^/]+)/(?P<file_path>.+)")


class FakeTelegram:
    """A fake Telegram Bot API server that checks the bot's calls against Telegram's rules.

    Point the bot at `base_url`; create users with `user()`. Updates reach the bot either
    directly through `set_dispatcher()` or, without a dispatcher, through getUpdates.
    """

    def __init__(
        self,
        token: str = "123456:TEST",
        bot_username: str = "kansrijk_test_bot",
        *,
        bot_first_name: str = "Kansrijk",
        rate_limit_per_second: float | None = None,
        per_chat_per_second: float | None = None,
    ) -> None:
        self.token = token
        self._backend = Backend(
            token, bot_username, bot_first_name, rate_limit_per_second, per_chat_per_second
        )
        self._server: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._dispatcher: Dispatcher | None = None
        self._reported_violations = 0

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread (once per instance)."""
        if self._server is not None:
            raise RuntimeError("a FakeTelegram can only be started once")
        self._server = _HttpServer(self._backend)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_INTERVAL},
            name="fake-telegram",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down, also closing connections that clients keep alive."""
        if self._server is None or self._thread is None or not self._thread.is_alive():
            return
        self._backend.stop()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not running; call start() first")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """For `Bot(token, base_url=...)`: PTB appends the token and `/<method>`."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For `Bot(token, base_file_url=...)`, to download files users sent."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    @property
    def bot_user(self) -> Json:
        """The bot as a Bot API User object."""
        return copy.deepcopy(self._backend.bot_user)

    # --- users and updates -----------------------------------------------------------------

    def user(
        self,
        first_name: str = "Anna",
        language_code: str = "nl",
        user_id: int | None = None,
        username: str | None = None,
    ) -> SimUser:
        """A new simulated user; ids count up from 1000. Its private chat id is its user id."""
        user = self._backend.add_user(first_name, language_code, user_id, username)
        return SimUser(self, self._backend, user)

    def set_dispatcher(self, dispatcher: Dispatcher | None) -> None:
        """Deliver updates by awaiting `dispatcher(update_dict)` instead of via getUpdates."""
        self._dispatcher = dispatcher

    async def deliver(self, update: Json) -> Json:
        """Deliver an update (Bot API JSON without update_id) to the bot.

        Direct mode: awaits the dispatcher, checks that a callback query was answered and
        raises the first violation not raised before. Polling mode: queues the update and
        returns once the bot fetched it. Returns the update with its update_id.
        """
        stamped = self._backend.stamp_update(update)
        update_id = stamped["update_id"]
        if self._dispatcher is None:
            self._backend.enqueue(stamped)
            await self.wait_until(
                lambda: self._backend.update_status(update_id) != "queued",
                FETCH_TIMEOUT,
                waiting_for=f"the bot to fetch update {update_id} (is it polling {self.base_url}?)",
            )
            if self._backend.update_status(update_id) == "dropped":
                raise AssertionError(
                    f"the bot dropped update {update_id} without fetching it "
                    "(drop_pending_updates or a negative getUpdates offset)"
                )
            return stamped
        self._backend.mark_dispatched(stamped)
        await self._dispatcher(copy.deepcopy(stamped))
        query = stamped.get("callback_query")
        if query is not None:
            self._backend.check_callback_answered(query["id"])
        self._raise_unreported_violation()
        return stamped

    async def wait_until(
        self,
        predicate: Callable[[], T],
        timeout: float = 5.0,
        *,
        waiting_for: str | Callable[[], str] | None = None,
    ) -> T:
        """Poll `predicate` until it returns a truthy value, and return that value.

        Raises the first violation not raised before as soon as it appears, and an
        AssertionError describing `waiting_for` after `timeout` seconds.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            self._raise_unreported_violation()
            if loop.time() >= deadline:
                if callable(waiting_for):
                    waiting_for = waiting_for()
                what = waiting_for or getattr(predicate, "__qualname__", repr(predicate))
                raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
            await asyncio.sleep(POLL_INTERVAL)
        self._raise_unreported_violation()
        return result

    # --- checks and inspection -------------------------------------------------------------

    @property
    def violations(self) -> list[BotApiViolation]:
        return self._backend.violations()

    def take_violations(self) -> list[BotApiViolation]:
        """Return and forget the violations so far (for tests that provoke them on purpose)."""
        self._reported_violations = 0
        return self._backend.take_violations()

    def assert_no_violations(self, grace_period: float = 1.0) -> None:
        """Raise the first violation, if any.

        In polling mode this first gives each fetched callback query up to `grace_period`
        seconds (from when the bot fetched it) to be answered. It blocks meanwhile, so the bot
        must run in another process or thread.
        """
        self._backend.check_fetched_callbacks_answered(grace_period)
        violations = self._backend.violations()
        if violations:
            raise violations[0]

    @property
    def stats(self) -> FakeTelegramStats:
        return self._backend.stats()

    def expire_next_callback_queries(self, count: int = 1) -> None:
        """The next `count` answerCallbackQuery calls come too late, as after downtime:
        Telegram refuses them ("query is too old…"); the taps themselves still arrive."""
        self._backend.expire_next_callback_queries(count)

    def fail_next(self, method: str, error_code: int = 502, count: int = 1) -> None:
        """Answer the next `count` calls of `method` with `error_code` (429: retry_after 1)."""
        self._backend.fail_next(method, error_code, count)

    def commands(self, scope: Json | None = None, language_code: str = "") -> list[Json]:
        """The commands set with setMyCommands for this scope and language."""
        return self._backend.commands(scope, language_code)

    def menu_button(self, chat_id: int | None = None) -> Json | None:
        """The menu button set with setChatMenuButton (chat_id None: the default one)."""
        return self._backend.menu_button(chat_id)

    def _raise_unreported_violation(self) -> None:
        violations = self._backend.violations()
        if len(violations) > self._reported_violations:
            first_new = violations[self._reported_violations]
            self._reported_violations = len(violations)
            raise first_new


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # load tests open many connections at once

    def __init__(self, backend: Backend) -> None:
        super().__init__(("127.0.0.1", 0), _RequestHandler)
        self.backend = backend
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def process_request_thread(self, request: socket.socket, client_address: Any) -> None:
        """Serve one connection, tracked so that `close_connections()` can end it."""
        with self._connections_lock:
            self._connections.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._connections_lock:
                self._connections.discard(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up mid-reply (a bot being stopped) is normal; other errors
        are printed as usual."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def close_connections(self) -> None:
        with self._connections_lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    server: _HttpServer
    protocol_version = "HTTP/1.1"  # keep-alive: PTB reuses connections
    disable_nagle_algorithm = True  # headers and body are separate writes

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._call_api(urlsplit(self.path).path, self.headers.get("Content-Type"), body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)  # PTB percent-encodes the token's colon in file URLs
        file_match = _FILE_PATH.fullmatch(path)
        if file_match is None:
            self._call_api(path, None, url.query.encode())
            return
        content = self.server.backend.file_content(file_match["token"], file_match["file_path"])
        if content is None:
            self._send_error(ApiError(404, "Not Found"))
            return
        self._send(200, "application/octet-stream", content)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""

    def _call_api(self, path: str, content_type: str | None, body: bytes) -> None:
        match = _API_PATH.fullmatch(path)
        if match is None:
            self._send_error(ApiError(404, "Not Found"))
            return
        backend = self.server.backend
        method = match["method"]
        try:
            params = decode_request(content_type, body)
        except ValueError as error:
            backend.record_violation(f"{method}: malformed request body ({error}): {body[:200]!r}")
            self._send_error(ApiError(400, f"Bad Request: can't parse request: {error}"))
            return
        try:
            result = backend.handle(match["token"], method, params)
        except ApiError as error:
            self._send_error(error)
            return
        except Exception:  # a bug in the fake: fail the test loudly instead of hanging the bot
            backend.record_violation(
                f"fake_telegram crashed on {method}:\n{traceback.format_exc()}"
            )
            self._send_error(ApiError(500, "Internal Server Error"))
            return
        self._send_json(200, {"ok": True, "result": result})

    def _send_error(self, error: ApiError) -> None:
        payload: Json = {
            "ok": False,
            "error_code": error.error_code,
            "description": error.description,
        }
        if error.retry_after is not None:
            payload["parameters"] = {"retry_after": error.retry_after}
        self._send_json(error.error_code, payload)

    def _send_json(self, status: int, payload: Json) -> None:
        self._send(status, "application/json", json.dumps(payload).encode("utf-8"))

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
