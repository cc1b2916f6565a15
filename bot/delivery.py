"""Delivering the outbox: render each due row in its person's language and send it.

- A row is marked sent only after Telegram accepted the message, in its own transaction
  right after the call returned. Rows are claimed in small batches but sent one at a
  time, so a crash (even SIGKILL) can leave at most the one message that was in flight
  sent-but-not-marked: after the restart (``release_interrupted``) that one may be sent
  twice, every other claimed row exactly once.
- Quiet hours (``settings.rules``, local time in ``config.timezone``): non-urgent rows
  that come due then wait until the quiet hours end. Urgent rows go at any hour.
- Scheduled kinds (registered with ``scheduled=True``: check-ins, tips, surveys,
  reminders) never interrupt: while the person is in the middle of a conversation, or
  just wrote, they wait a little (``domain.schedule.busy_until``).
- Network trouble, 5xx and 429 (``retry_after``) are retried with backoff; 403 (the
  person blocked the bot) marks the person inactive, cancels what was waiting for them
  and tells their buddy.

Renderers are registered per ``kind`` by the flow packages with :func:`renderer`.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import Translator
from domain.alerts import AlertKind
from domain.outbox import DispatchReport, OutboxItem, OutboxStatus
from domain.schedule import CONVERSATION_SILENCE, busy_until, quiet_until
from storage.db import Transaction
from storage.repositories.conversations import ConversationStateRepository
from storage.repositories.matches import MatchRepository
from storage.repositories.outbox import BLOCKED_ERROR, OutboxRepository
from storage.repositories.people import PeopleRepository

if TYPE_CHECKING:
    from bot.context import AppState

log = logging.getLogger(__name__)

# Rows claimed per database round trip. They are sent one by one, so the batch size does
# not change what a crash can duplicate (only the row in flight); it bounds the work a
# restart releases and lets urgent rows claimed later overtake quickly.
BATCH_SIZE = 20
MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(seconds=15)
MAX_BACKOFF = timedelta(hours=1)
MIN_RETRY_DELAY = timedelta(seconds=1)


@dataclass(frozen=True)
class Rendered:
    """What to send: text with optional buttons, or a document with a caption."""

    text: str
    markup: InlineKeyboardMarkup | None = None
    document: tuple[str, bytes] | None = None


Renderer = Callable[[OutboxItem, Translator, "AppState"], Awaitable[Rendered | None]]
# Runs in the transaction that marks the row sent (e.g. to stamp a check-in's sent_at).
SentHook = Callable[[Transaction, OutboxItem, "AppState"], Awaitable[None]]


@dataclass(frozen=True)
class _Kind:
    render: Renderer
    scheduled: bool
    on_sent: SentHook | None


_kinds: dict[str, _Kind] = {}


def renderer(
    kind: str, *, scheduled: bool = False, on_sent: SentHook | None = None
) -> Callable[[Renderer], Renderer]:
    """Register how to render outbox rows of ``kind``. Returning None cancels the row
    (for example when what it announced is no longer relevant).

    ``scheduled=True`` for messages the programme sends on its own initiative (check-ins,
    tips, reminders): they wait while the person is busy in a conversation. Messages from
    people (answers, relayed questions) go straight away. Quiet hours apply to every
    non-urgent row either way. ``on_sent`` runs in the transaction that marks a row sent.
    """

    def register(function: Renderer) -> Renderer:
        existing = _kinds.get(kind)
        if existing is not None and existing.render is not function:
            raise ValueError(f"outbox kind {kind!r} has a renderer already")
        _kinds[kind] = _Kind(function, scheduled, on_sent)
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
    # One pass at a time: that is what keeps a single message in flight.
    _pass: asyncio.Lock = field(default_factory=asyncio.Lock, init=False)
    # When each Telegram user last wrote or tapped (by the injected clock). Only needed
    # for a few minutes, so it lives in memory; after a restart nobody counts as busy.
    _last_activity: dict[int, datetime] = field(default_factory=dict, init=False)

    def kick(self) -> None:
        if self._running is not None and not self._running.done():
            self._again = True
            return
        self._running = asyncio.get_running_loop().create_task(self._run_until_empty())

    async def wait_idle(self) -> None:
        while self._running is not None and not self._running.done():
            await asyncio.wait({self._running})

    def note_activity(self, telegram_id: int) -> None:
        """The person just wrote or tapped something (called for every update)."""
        self._last_activity[telegram_id] = self.state.clock.now()

    async def _run_until_empty(self) -> DispatchReport:
        report = DispatchReport()
        while True:
            self._again = False
            report = await self.dispatch_due()
            if not self._again:
                return report

    async def dispatch_due(self) -> DispatchReport:
        """Send every row due now, batch by batch, one message at a time."""
        async with self._pass:
            totals: Counter[str] = Counter()
            blocked_now: set[int] = set()
            self._forget_old_activity()
            while True:
                now = self.state.clock.now()
                async with self.state.services.db.transaction() as tx:
                    outbox = OutboxRepository(tx)
                    totals["deferred"] += await self._hold_for_quiet_hours(outbox, now)
                    items = await outbox.claim_due(now, BATCH_SIZE)
                    waiting = await self._busy_people(tx, items, now)
                    for item in items:
                        if item.id in waiting:
                            await outbox.defer(item.id, waiting[item.id])
                if not items:
                    break
                to_send = [item for item in items if item.id not in waiting]
                totals["deferred"] += len(items) - len(to_send)
                for done, item in enumerate(to_send):
                    try:
                        if item.person_id in blocked_now:
                            outcome = _Outcome(item, "cancelled")
                        else:
                            outcome = await self._send_one(item)
                        await self._record(outcome)
                    except BaseException:
                        # Whatever went wrong, the claimed rows not sent yet go back.
                        await self._release(to_send[done:])
                        raise
                    if outcome.status == "blocked":
                        blocked_now.add(item.person_id)
                        await self.person_blocked(item.person_id)
                    totals[outcome.status] += 1
            return DispatchReport(
                sent=totals["sent"],
                retried=totals["retry"],
                failed=totals["failed"],
                blocked=totals["blocked"],
                cancelled=totals["cancelled"],
                deferred=totals["deferred"],
            )

    async def _release(self, items: list[OutboxItem]) -> None:
        async with self.state.services.db.transaction() as tx:
            outbox = OutboxRepository(tx)
            for item in items:
                await outbox.defer(item.id, item.due_at)

    async def _hold_for_quiet_hours(self, outbox: OutboxRepository, now: datetime) -> int:
        rules = self.state.settings.rules
        until = quiet_until(
            now, self.state.config.timezone, rules.quiet_hours_start, rules.quiet_hours_end
        )
        if until is None:
            return 0
        return await outbox.defer_due_non_urgent(now, until)

    async def _busy_people(
        self, tx: Transaction, items: list[OutboxItem], now: datetime
    ) -> dict[int, datetime]:
        """Scheduled rows whose person is busy with the bot: row id -> when to look again."""
        candidates = [
            item
            for item in items
            if not item.urgent
            and (kind := _kinds.get(item.kind)) is not None
            and kind.scheduled
            and item.telegram_id in self._last_activity
        ]
        if not candidates:
            return {}
        talking = await ConversationStateRepository(tx).in_conversation(
            item.telegram_id for item in candidates
        )
        waiting = {}
        for item in candidates:
            resume = busy_until(
                self._last_activity.get(item.telegram_id), item.telegram_id in talking, now
            )
            if resume is not None:
                waiting[item.id] = resume
        return waiting

    def _forget_old_activity(self) -> None:
        horizon = self.state.clock.now() - CONVERSATION_SILENCE
        for telegram_id in [t for t, seen in self._last_activity.items() if seen < horizon]:
            del self._last_activity[telegram_id]

    async def _send_one(self, item: OutboxItem) -> _Outcome:
        kind = _kinds.get(item.kind)
        if kind is None:
            return _Outcome(item, "failed", f"no renderer for {item.kind!r}")
        translator = self.state.catalogs.get(item.language or "nl")
        try:
            rendered = await kind.render(item, translator, self.state)
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
            return _Outcome(item, "retry", str(error), retry_after=_retry_after(error))
        except BadRequest as error:
            if "chat not found" in str(error).lower():
                return _Outcome(item, "blocked", str(error))
            return _Outcome(item, "failed", str(error))
        except NetworkError as error:  # also timeouts and 5xx answers
            return _Outcome(item, "retry", str(error))
        except Exception as error:  # a renderer bug must not stop the other messages
            log.exception("rendering or sending outbox row %s failed", item.id)
            return _Outcome(item, "failed", repr(error))
        return _Outcome(item, "sent")

    async def _record(self, outcome: _Outcome) -> None:
        now = self.state.clock.now()
        item = outcome.item
        async with self.state.services.db.transaction() as tx:
            outbox = OutboxRepository(tx)
            if outcome.status == "sent":
                await outbox.mark_sent(item.id, now)
                kind = _kinds.get(item.kind)
                if kind is not None and kind.on_sent is not None:
                    await kind.on_sent(tx, item, self.state)
            elif outcome.status == "cancelled":
                await outbox.mark(item.id, OutboxStatus.CANCELLED)
            elif outcome.status == "blocked":
                await outbox.mark(item.id, OutboxStatus.FAILED, BLOCKED_ERROR)
            elif outcome.status == "retry" and item.attempts + 1 < MAX_ATTEMPTS:
                await outbox.mark_retry(
                    item.id, now + _retry_delay(item, outcome.retry_after), outcome.error or ""
                )
            else:
                await outbox.mark(item.id, OutboxStatus.FAILED, outcome.error)
        if outcome.status in ("failed", "retry"):
            log.warning("outbox row %s %s: %s", item.id, outcome.status, outcome.error)

    async def person_blocked(self, person_id: int) -> None:
        """The person blocked the bot (a 403, or Telegram told us): mark them inactive,
        cancel what was waiting for them, and tell a parent's buddy."""
        now = self.state.clock.now()
        async with self.state.services.db.transaction() as tx:
            await PeopleRepository(tx).set_active(person_id, False, now)
            await OutboxRepository(tx).cancel_pending_for(person_id)
            match = await MatchRepository(tx).active_for_parent(person_id)
        if match is None:
            return
        try:
            await self.state.services.alerts.raise_alert(
                buddy_id=match.buddy_id, parent_id=person_id, kind=AlertKind.BLOCKED
            )
        except Exception:  # telling the buddy must not stop the deliveries
            log.exception("could not tell the buddy that person %s blocked the bot", person_id)


def _retry_after(error: RetryAfter) -> timedelta:
    # PTB 22 returns seconds (deprecated) or a timedelta (opt-in): both are handled here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        wait = error.retry_after
    return wait if isinstance(wait, timedelta) else timedelta(seconds=float(wait))


def _retry_delay(item: OutboxItem, retry_after: timedelta | None) -> timedelta:
    """Telegram's ``retry_after`` when it gave one, else exponential backoff."""
    delay = retry_after or min(BASE_BACKOFF * (2**item.attempts), MAX_BACKOFF)
    return max(delay, MIN_RETRY_DELAY)
