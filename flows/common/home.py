"""The home menu: what a person sees after /start, /cancel or a finished flow.
Each role renders its own; people the bot does not know yet get the welcome."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from domain.people import Role


async def show_home(update: Update, context: KansrijkContext) -> None:
    person = context.person
    if person is None:
        from flows.parent.onboarding import welcome

        await welcome(update, context, referral_code=None)
        return
    if person.role is Role.PARENT:
        from flows.parent.home import show_parent_home

        await show_parent_home(update, context)
    elif person.role is Role.BUDDY:
        from flows.buddy.home import show_buddy_home

        await show_buddy_home(update, context)
    else:
        from flows.coordinator.home import show_coordinator_home

        await show_coordinator_home(update, context)
