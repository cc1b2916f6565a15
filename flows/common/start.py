"""/start: one entry for everyone. Deep links for buddy and coordinator invites are
entry points of their own registration conversations (registered before this)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.context import KansrijkContext
from flows.common.home import show_home

REFERRAL_PREFIX = "ref_"


async def start(update: Update, context: KansrijkContext) -> None:
    payload = context.args[0] if context.args else ""
    if context.person is None:
        from flows.parent.onboarding import welcome

        code = (
            payload.removeprefix(REFERRAL_PREFIX) if payload.startswith(REFERRAL_PREFIX) else None
        )
        await welcome(update, context, referral_code=code)
        return
    await show_home(update, context)


def handlers() -> list[BaseHandler]:
    return [CommandHandler("start", start, filters=filters.UpdateType.MESSAGE)]
