"""Periodic work: planners that look at the database and put what is due in the outbox.

The database is the source of truth: a planner derives what should be sent from tables
(parents' check-in settings, activities, matches…) and enqueues outbox rows with stable
dedupe keys, so running it twice, or after a restart, plans nothing twice. The JobQueue
only provides the heartbeat; nothing lives in it alone.

Register with::

    @periodic("weekly_tips", every=timedelta(minutes=15))
    async def plan_weekly_tips(state: AppState) -> None: ...
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from telegram.ext import Application

if TYPE_CHECKING:
    from bot.context import AppState, KansrijkContext

log = logging.getLogger(__name__)

Planner = Callable[["AppState"], Awaitable[None]]


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    every: timedelta
    run: Planner


_tasks: dict[str, PeriodicTask] = {}


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


async def run_all(state: AppState) -> None:
    """Run every planner once (at start, and in tests after moving the clock)."""
    for task in registered_tasks():
        await _run_safely(task, state)


def schedule_all(application: Application) -> None:
    """Give every planner its heartbeat in the JobQueue (stable job ids)."""
    assert application.job_queue is not None
    for task in registered_tasks():
        application.job_queue.run_repeating(
            _job,
            interval=task.every,
            first=task.every,
            name=task.name,
            data=task.name,
            job_kwargs={"id": f"periodic:{task.name}", "replace_existing": True},
        )


async def _job(context: KansrijkContext) -> None:
    task = _tasks[str(context.job.data)]
    await _run_safely(task, context.state)


async def _run_safely(task: PeriodicTask, state: AppState) -> None:
    try:
        await task.run(state)
    except Exception:  # one failing planner must not stop the others
        log.exception("periodic task %s failed", task.name)
    state.dispatcher.kick()
