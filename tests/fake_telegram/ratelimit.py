"""Token-bucket rate limiting, to make the fake answer 429 Too Many Requests like Telegram."""

from __future__ import annotations

import math
import time
from collections.abc import Hashable


class TokenBucket:
    """Allows `rate` requests per second on average, with bursts of up to max(1, rate)."""

    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self._rate = rate
        self._capacity = max(1.0, rate)
        self._tokens = self._capacity
        self._updated = time.monotonic()

    def wait_time(self) -> float:
        """Seconds until a request would be allowed; 0.0 if it is allowed now."""
        now = time.monotonic()
        self._tokens = min(self._capacity, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        return 0.0 if self._tokens >= 1 else (1 - self._tokens) / self._rate

    def take(self) -> None:
        self._tokens -= 1


class RateLimiter:
    """A global bucket and one bucket per chat; a request needs a token from both."""

    def __init__(self, per_second: float | None, per_chat_per_second: float | None) -> None:
        self._global = TokenBucket(per_second) if per_second is not None else None
        self._per_chat_rate = per_chat_per_second
        self._per_chat: dict[Hashable, TokenBucket] = {}

    def acquire(self, chat_id: Hashable | None) -> int | None:
        """Take a token, or return the whole seconds to wait (Telegram's `retry_after`)."""
        buckets = [self._global] if self._global is not None else []
        if self._per_chat_rate is not None and chat_id is not None:
            if chat_id not in self._per_chat:
                self._per_chat[chat_id] = TokenBucket(self._per_chat_rate)
            buckets.append(self._per_chat[chat_id])
        wait = max((bucket.wait_time() for bucket in buckets), default=0.0)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take()
        return None
