"""Runs before every flow (handler group -1): flood control, who is writing, in which
language, and whether the message is something any flow could read at all."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import DRAFT_LANGUAGE, KansrijkContext
from bot.flood import Verdict
from bot.taps import answer_tap

# Telegram allows 4096 characters; we refuse a little earlier so the reply can quote limits.
MAX_TEXT_LENGTH = 4000


async def identify(update: Update, context: KansrijkContext) -> None:
    user = update.effective_user
    if user is None or user.is_bot:
        return
    # Scheduled messages wait while someone is busy with the bot (bot/delivery.py).
    context.state.dispatcher.note_activity(user.id)
    verdict = context.state.flood_guard.check(user.id)
    if verdict is not Verdict.ALLOW:
        await _refuse_flood(update, context, notify=verdict is Verdict.NOTIFY)
        raise ApplicationHandlerStop

    person = await context.services.people.identify(user.id)
    context.person = person
    stored = person.language if person else None
    if stored is None and context.user_data is not None:
        stored = context.user_data.get(DRAFT_LANGUAGE)
    context.t = context.state.catalogs.pick(stored, user.language_code)
    if person is not None and person.language is None:
        # E.g. a coordinator from KANSRIJK_COORDINATORS: remember the app's language so
        # messages sent to them later (outbox) use it too.
        await context.services.people.set_language(person.id, context.t.language)

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


async def _refuse_flood(update: Update, context: KansrijkContext, *, notify: bool) -> None:
    """Answer a tap even when ignoring it (Telegram shows a spinner otherwise) and say
    why once per burst. No database read: that is what a flood must not cost us."""
    user = update.effective_user
    assert user is not None
    draft_language = context.user_data.get(DRAFT_LANGUAGE) if context.user_data else None
    context.t = context.state.catalogs.pick(draft_language, user.language_code)
    _ = context.t.gettext
    notice = _("You are sending a lot of messages at once. Please wait a moment and try again.")
    if update.callback_query is not None:
        await answer_tap(update.callback_query, notice if notify else None)
    elif notify and update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, notice)
