"""/help: what the bot can do for this person, in plain words."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.context import KansrijkContext
from domain.people import Role
from flows.common.ui import say


async def show_help(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    role = context.person.role if context.person else None
    if role is Role.PARENT:
        text = _(
            "I am here for you and your child. With the buttons you can ask your buddy"
            " something, find help, see activities and read a tip for this week.\n\n"
            "/start shows the menu. /language changes the language. /cancel stops what"
            " you are doing."
        )
    elif role is Role.BUDDY:
        text = _(
            "As a buddy you see your families here, log a contact in a few taps, answer"
            " questions and raise a concern with a coordinator.\n\n"
            "/start shows the menu. /cancel stops what you are doing."
        )
    elif role is Role.COORDINATOR:
        text = _(
            "As a coordinator you invite buddies, make referral links, match families with"
            " buddies, announce activities, handle signals and read reports for your"
            " municipality.\n\n/start shows the menu. /cancel stops what you are doing."
        )
    else:
        text = _(
            "Kansrijk helps (expecting) parents in the first 1000 days of their child, with a"
            " buddy: a trained volunteer. Type /start to begin. /language changes the"
            " language."
        )
    await say(update, text)


def handlers() -> list[BaseHandler]:
    return [CommandHandler("help", show_help, filters=filters.UpdateType.MESSAGE)]
