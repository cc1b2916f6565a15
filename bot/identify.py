"""Runs before every flow (handler group -1): who is writing, in which language, and
is the message something any flow could read at all."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import DRAFT_LANGUAGE, KansrijkContext

# Telegram allows 4096 characters; we refuse a little earlier so the reply can quote limits.
MAX_TEXT_LENGTH = 4000


async def identify(update: Update, context: KansrijkContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    person = await context.services.people.identify(user.id)
    context.person = person
    stored = person.language if person else None
    if stored is None and context.user_data is not None:
        stored = context.user_data.get(DRAFT_LANGUAGE)
    context.t = context.state.catalogs.pick(stored, user.language_code)

    message = update.message
    if message is not None and message.text is not None and len(message.text) > MAX_TEXT_LENGTH:
        _ = context.t.gettext
        await message.reply_text(
            _(
                "That message is too long for me ({length} characters). Please send it in"
                " shorter parts of at most {limit} characters."
            ).format(length=len(message.text), limit=MAX_TEXT_LENGTH)
        )
        raise ApplicationHandlerStop
