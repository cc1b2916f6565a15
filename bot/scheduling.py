"""Periodic work: planners that look at the database and put what is due in the outbox.

The database is the source of truth: a planner derives what should be sent from tables
(parents' check-in settings, activities, matches…) and enqueues outbox rows with stable
dedupe keys, so running it twice, or after a restart, plans nothing twice. The JobQueue
only provides the heartbeat; nothing lives in it alone.

At start, :func:`schedule_all` gives every planner its first run through the JobQueue
right away (one job running them one after another, so polling is not held up by them;
it stops between two planners when the bot stops) and then its heartbeat. Planners work
in short transactions (a chunk of rows each), so chats are served in between.

Register with::

    @periodic("weekly_tips", every=timedelta(minutes=15))
    async def plan_weekly_tips(state: AppState) -> None: ...
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from telegram.ext import Application

if TYPE_CHECKING:
    from bot.context import AppState, KansrijkContext

log = logging.getLogger(__name__)

Planner = Callable[["AppState"], Awaitable[None]]


# The planners' first run after start: as soon as the JobQueue runs (after polling began).
FIRST_RUN_DELAY = timedelta(0)
# Logged when every planner had its first run (the database benchmark waits for it).
FIRST_RUNS_DONE = "the planners' first run took"


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    run: Planner


_tasks: dict[str, PeriodicTask] = {}
# Per application: how many runs of each planner are under way. A heartbeat that finds its
# planner running (a long first run) skips its beat; running it twice would be harmless
# (planners are idempotent), only wasted work.
_running: weakref.WeakKeyDictionary[AppState, Counter[str]] = weakref.WeakKeyDictionary()
# Per application: set when the planners' first run after start is over.
_first_runs_over: weakref.WeakKeyDictionary[
    Application[Any, Any, Any, Any, Any, Any], asyncio.Event
] = weakref.WeakKeyDictionary()


def periodic(name: str, every: timedelta) -> Callable[[Planner], Planner]:
    def register(function: Planner) -> Planner:
        existing = _tasks.get(name)
        if existing is not None and existing.run is not function:
            raise ValueError(f"periodic task {name!r} is registered already")
        _tasks[name] = PeriodicTask(name, every, function)
        return function

    return register


def registered_tasks() -> list[PeriodicTask]:
    return sorted(_tasks.values(), key=lambda task: task.name)


async def run_all(state: AppState, go_on: Callable[[], bool] = lambda: True) -> bool:
    """Run every planner once, one after another (the first run after start; tests, after
    moving the clock), unless ``go_on()`` turns False between two. True if all ran."""
    for task in registered_tasks():
        if not go_on():
            return False
        await _run_safely(task, state)
    return True


def schedule_all(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Give every planner its first run right after start and then its heartbeat in the
    JobQueue (stable job ids). Nothing runs here: start-up does not wait for planners."""
    assert application.job_queue is not None
    over = asyncio.Event()
    _first_runs_over[application] = over

    async def first_runs(context: KansrijkContext) -> None:
        started = time.perf_counter()
        try:
            # Stopping ends it between two planners: the heartbeats take over next time.
            if await run_all(context.state, go_on=lambda: context.application.running):
                log.info("%s %.1f s", FIRST_RUNS_DONE, time.perf_counter() - started)
            else:
                log.info("the planners' first run ends early: the bot is stopping")
        finally:
            over.set()

    application.job_queue.run_once(
        first_runs,
        when=FIRST_RUN_DELAY,
        name="planners:first",
        job_kwargs={"id": "planners:first", "replace_existing": True},
    )
    for task in registered_tasks():
        application.job_queue.run_repeating(
            _job,
            interval=task.every,
            first=task.every,
            name=task.name,
            data=task.name,
            job_kwargs={"id": f"periodic:{task.name}", "replace_existing": True},
        )


async def first_runs_over(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Wait until the planners' first run after start is over (at once when
    :func:`schedule_all` was not called)."""
    over = _first_runs_over.get(application)
    if over is not None:
        await over.wait()


async def _job(context: KansrijkContext) -> None:
    task = _tasks[str(context.job.data)]
    if _running.get(context.state, Counter())[task.name]:
        log.info("periodic task %s is still running; this beat is skipped", task.name)
        return
    await _run_safely(task, context.state)


async def _run_safely(task: PeriodicTask, state: AppState) -> None:
    running = _running.setdefault(state, Counter())
    running[task.name] += 1
    try:
        await task.run(state)
    except Exception:  # one failing planner must not stop the others
        log.exception("periodic task %s failed", task.name)
    finally:
        running[task.name] -= 1
    state.dispatcher.kick()
