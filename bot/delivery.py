"""Delivering the outbox: render each due row in its person's language and send it.

A row is marked sent only after Telegram accepted the message. Network trouble, 5xx and
429 are retried with backoff; 403 (the person blocked the bot) marks the person inactive
and cancels what was waiting for them. Renderers are registered per ``kind`` by the flow
packages with :func:`renderer`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.i18n import Translator
from domain.outbox import DispatchReport, OutboxItem, OutboxStatus
from storage.repositories.outbox import BLOCKED_ERROR, OutboxRepository
from storage.repositories.people import PeopleRepository

if TYPE_CHECKING:
    from bot.context import AppState

log = logging.getLogger(__name__)

BATCH_SIZE = 50
CONCURRENT_SENDS = 25
MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=15)
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class Rendered:
    """What to send: text with optional buttons, or a document with a caption."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None


Renderer = Callable[[OutboxItem, Translator, "AppState"], Awaitable[Rendered | None]]
_renderers: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    """Register how to render outbox rows of ``kind``. Returning None cancels the row
    (for example when what it announced is no longer relevant)."""

    def register(function: Renderer) -> Renderer:
        if kind in _renderers and _renderers[kind] is not function:
            raise ValueError(f"outbox kind {kind!r} has a renderer already")
        _renderers[kind] = function
        return function

    return register


@dataclass
class _Outcome:
    item: OutboxItem
    status: str  # sent | retry | failed | blocked | cancelled
    error: str | None = None
    retry_after: timedelta | None = None


@dataclass
class Dispatcher:
    """Sends what is due. ``kick()`` starts a pass soon; ``wait_idle()`` awaits it."""

    state: AppState
    bot: Bot
    _running: asyncio.Task[DispatchReport] | None = field(default=None, init=False)
    _again: bool = field(default=False, init=False)

    def kick(self) -> None:
        if self._running is not None and not self._running.done():
            self._again = True
            return
        self._running = asyncio.get_running_loop().create_task(self._run_until_empty())

    async def wait_idle(self) -> None:
        while self._running is not None and not self._running.done():
            await asyncio.wait({self._running})

    async def _run_until_empty(self) -> DispatchReport:
        report = DispatchReport()
        while True:
            self._again = False
            report = await self.dispatch_due()
            if not self._again:
                return report

    async def dispatch_due(self) -> DispatchReport:
        """Send every row due now, batch by batch, until none is left."""
        totals: dict[str, int] = {}
        while True:
            now = self.state.clock.now()
            async with self.state.services.db.transaction() as tx:
                items = await OutboxRepository(tx).claim_due(now, BATCH_SIZE)
            if not items:
                break
            outcomes = await self._send_batch(items)
            await self._record(outcomes)
            for outcome in outcomes:
                totals[outcome.status] = totals.get(outcome.status, 0) + 1
        return DispatchReport(
            sent=totals.get("sent", 0),
            retried=totals.get("retry", 0),
            failed=totals.get("failed", 0),
            blocked=totals.get("blocked", 0),
            cancelled=totals.get("cancelled", 0),
        )

    async def _send_batch(self, items: list[OutboxItem]) -> list[_Outcome]:
        """People in parallel (bounded); one person's messages in order, one by one."""
        per_person: dict[int, list[OutboxItem]] = {}
        for item in items:
            per_person.setdefault(item.person_id, []).append(item)
        limit = asyncio.Semaphore(CONCURRENT_SENDS)

        async def send_in_order(queue: list[OutboxItem]) -> list[_Outcome]:
            async with limit:
                return [await self._send_one(item) for item in queue]

        results = await asyncio.gather(*(send_in_order(q) for q in per_person.values()))
        return [outcome for outcomes in results for outcome in outcomes]

    async def _send_one(self, item: OutboxItem) -> _Outcome:
        render = _renderers.get(item.kind)
        if render is None:
            return _Outcome(item, "failed", f"no renderer for {item.kind!r}")
        translator = self.state.catalogs.get(item.language or "nl")
        try:
            rendered = await render(item, translator, self.state)
            if rendered is None:
                return _Outcome(item, "cancelled")
            if rendered.document is not None:
                filename, content = rendered.document
                await self.bot.send_document(
                    item.telegram_id,
                    InputFile(content, filename=filename),
                    caption=rendered.text,
                    reply_markup=rendered.markup,
                )
            else:
                await self.bot.send_message(
                    item.telegram_id, rendered.text, reply_markup=rendered.markup
                )
        except Forbidden as error:
            return _Outcome(item, "blocked", str(error))
        except RetryAfter as error:
            wait = error.retry_after
            delay = wait if isinstance(wait, timedelta) else timedelta(seconds=float(wait))
            return _Outcome(item, "retry", str(error), retry_after=delay)
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                return _Outcome(item, "blocked", str(error))
            return _Outcome(item, "failed", str(error))
        except (TimedOut, NetworkError) as error:
            return _Outcome(item, "retry", str(error))
        except Exception as error:  # a renderer bug must not stop the other messages
            log.exception("rendering or sending outbox row %s failed", item.id)
            return _Outcome(item, "failed", repr(error))
        return _Outcome(item, "sent")

    async def _record(self, outcomes: list[_Outcome]) -> None:
        now = self.state.clock.now()
        blocked_people: set[int] = set()
        async with self.state.services.db.transaction() as tx:
            outbox = OutboxRepository(tx)
            for outcome in outcomes:
                item = outcome.item
                if outcome.status == "sent":
                    await outbox.mark_sent(item.id, now)
                elif outcome.status == "cancelled":
                    await outbox.mark(item.id, OutboxStatus.CANCELLED)
                elif outcome.status == "blocked":
                    await outbox.mark(item.id, OutboxStatus.FAILED, BLOCKED_ERROR)
                    blocked_people.add(item.person_id)
                elif outcome.status == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
                    delay = outcome.retry_after or min(
                        BASE_BACKOFF * (2**item.attempts), MAX_BACKOFF
                    )
                    await outbox.mark_retry(item.id, now + delay, outcome.error or "")
                else:
                    await outbox.mark(item.id, OutboxStatus.FAILED, outcome.error)
            people = PeopleRepository(tx)
            for person_id in blocked_people:
                await people.set_active(person_id, False, now)
                await outbox.cancel_pending_for(person_id)
        for outcome in outcomes:
            if outcome.status == "failed":
                log.warning("outbox row %s failed: %s", outcome.item.id, outcome.error)
