"""The buddy area's periodic planners: they read the tables and put what is due in the
outbox with stable dedupe keys (running twice, or after a restart, plans nothing twice)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppState
from bot.scheduling import periodic


@periodic("buddy_contact_reminders", every=timedelta(hours=1))
async def plan_contact_reminders(state: AppState) -> None:
    await state.services.contacts.plan_reminders()


@periodic("buddy_weekly_overviews", every=timedelta(hours=1))
async def plan_weekly_overviews(state: AppState) -> None:
    await state.services.buddies.plan_weekly_overviews()


@periodic("buddy_wellbeing_checkins", every=timedelta(hours=1))
async def plan_wellbeing_checkins(state: AppState) -> None:
    await state.services.buddies.plan_wellbeing_checkins()


@periodic("buddy_question_alerts", every=timedelta(minutes=15))
async def plan_question_alerts(state: AppState) -> None:
    await state.services.alerts.plan_question_alerts()


@periodic("buddy_alert_escalation", every=timedelta(minutes=15))
async def escalate_unanswered_alerts(state: AppState) -> None:
    await state.services.alerts.escalate_overdue()
