"""The fake Telegram in a process of its own, as the real one would be: in the bot's
process its HTTP threads would compete with the bot for the interpreter lock and the
benchmark would measure both."""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, TypeVar

from tests.fake_telegram import FakeTelegram

T = TypeVar("T")


@dataclass(frozen=True)
class RemoteStats:
    requests: dict[str, int]
    too_many_requests: int


class RemoteFake:
    """``with RemoteFake(users=range(a, b), rate=300) as fake: fake.base_url …``"""

    def __init__(self, users: range, rate_limit_per_second: float | None = None) -> None:
        self._users = users
        self._rate = rate_limit_per_second
        self._parent, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(child, users, rate_limit_per_second), daemon=True
        )
        self.token = ""
        self.base_url = ""

    def __enter__(self) -> RemoteFake:
        self._process.start()
        self.token, self.base_url = self._parent.recv()
        return self

    def stats(self) -> RemoteStats:
        self._parent.send(("stats",))
        return self._parent.recv()

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(fake, *args)`` in the fake's process (simulated people acting there,
        next to the fake they type into); blocks until it returns its (picklable) result."""
        self._parent.send(("call", function, args))
        outcome, value = self._parent.recv()
        if outcome == "raised":
            raise RuntimeError(f"in the fake's process: {value}")
        return value

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._parent.send(("stop",))
        self._process.join(timeout=30)


def _serve(connection: Connection, users: range, rate: float | None) -> None:
    with FakeTelegram(rate_limit_per_second=rate) as fake:
        for user_id in users:
            fake.user(first_name="Ouder", user_id=user_id)
        connection.send((fake.token, fake.base_url))
        while (command := connection.recv())[0] != "stop":
            if command[0] == "stats":
                stats = fake.stats
                connection.send(RemoteStats(dict(stats.requests), stats.too_many_requests))
            else:
                _, function, args = command
                try:
                    connection.send(("returned", function(fake, *args)))
                except Exception:  # the caller waits for an answer: it gets the traceback
                    connection.send(("raised", traceback.format_exc()))
