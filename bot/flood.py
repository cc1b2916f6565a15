"""Flood control per person: more than ``limit`` updates within ``window`` seconds and
the rest of that burst is ignored, with one kind notice. Kept in memory: a restart
forgives everyone, which is fine for a safeguard against runaway clients and abuse."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    NOTIFY = "notify"  # the first update over the limit: tell the person once
    IGNORE = "ignore"


@dataclass
class FloodGuard:
    limit: int = 20
    window: float = 10.0
    seconds: Callable[[], float] = time.monotonic
    _recent: dict[int, deque[float]] = field(default_factory=dict)
    _notified: dict[int, float] = field(default_factory=dict)

    def check(self, user_id: int) -> Verdict:
        now = self.seconds()
        recent = self._recent.setdefault(user_id, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        recent.append(now)
        if len(recent) <= self.limit:
            self._notified.pop(user_id, None)
            return Verdict.ALLOW
        if user_id in self._notified and now - self._notified[user_id] <= self.window:
            return Verdict.IGNORE
        self._notified[user_id] = now
        return Verdict.NOTIFY

    def forget_idle(self) -> None:
        """Drop people who have been quiet for a whole window (bounds memory)."""
        now = self.seconds()
        for user_id in [u for u, q in self._recent.items() if not q or now - q[-1] > self.window]:
            del self._recent[user_id]
            self._notified.pop(user_id, None)
