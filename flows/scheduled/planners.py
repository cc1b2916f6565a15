"""The scheduler's periodic planners: each derives what is due from the tables and puts
it in the outbox with stable dedupe keys (see bot/scheduling.py)."""

from __future__ import annotations

from datetime import timedelta

from bot.context import AppState
from bot.scheduling import periodic
from domain.schedule import PLAN_AHEAD

# Slots are planned PLAN_AHEAD before they are due, so planning more often than that
# sends every slot on time.
SLOT_PLANNING = PLAN_AHEAD / 3
SLOW_PLANNING = timedelta(minutes=30)


@periodic("checkins", every=SLOT_PLANNING)
async def plan_checkins(state: AppState) -> None:
    await state.services.checkins.plan_due()


@periodic("checkins_unanswered", every=SLOW_PLANNING)
async def count_unanswered_checkins(state: AppState) -> None:
    await state.services.checkins.count_unanswered()


@periodic("weekly_tips", every=SLOT_PLANNING)
async def plan_weekly_tips(state: AppState) -> None:
    await state.services.tips_delivery.plan_due()


@periodic("experience_surveys", every=SLOW_PLANNING)
async def plan_experience_surveys(state: AppState) -> None:
    await state.services.surveys.plan_due()
