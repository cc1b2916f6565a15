"""The coordinators' periodic work: activity reminders, re-announcing unclaimed urgent
signals, and final reports of broadcasts whose progress job was lost (a restart)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppState
from bot.scheduling import periodic


@periodic("activity_reminders", every=timedelta(minutes=15))
async def plan_activity_reminders(state: AppState) -> None:
    await state.services.activities.plan_reminders()


@periodic("urgent_signals_again", every=timedelta(minutes=15))
async def announce_unclaimed_signals(state: AppState) -> None:
    await state.services.signals_inbox.renotify_unclaimed()


@periodic("broadcast_reports", every=timedelta(minutes=1))
async def finish_broadcasts(state: AppState) -> None:
    await state.services.broadcasts.finish_all_done()
