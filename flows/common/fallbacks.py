"""What the bot says when nothing else understood the update: never silence.

Registered last in handler group 0, so any flow that can handle an update gets it
first. ``conversation_fallbacks`` are the same ideas for inside a conversation.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import DRAFT_LANGUAGE, KansrijkContext
from domain.people import Role
from flows.common.home import show_home
from flows.common.ui import acknowledge, say

NEW_MESSAGE = filters.UpdateType.MESSAGE
PLAIN_TEXT = filters.TEXT & ~filters.COMMAND & NEW_MESSAGE
NOT_TEXT = ~filters.TEXT & NEW_MESSAGE


async def not_text(update: Update, context: KansrijkContext) -> None:
    """Photos, stickers, voice messages, locations…: kindly say what we can read."""
    _ = context.t.gettext
    await say(
        update,
        _(
            "Thank you! I can only read text and buttons, so I cannot see or hear this."
            " Please type your message, or tap a button."
        ),
    )


async def unexpected_text(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    if context.person is not None and context.person.role is Role.PARENT:
        # Parents who find buttons hard just type: offer to send it to their buddy.
        from flows.parent.questions import offer_to_send

        await offer_to_send(update, context)
        return
    if context.person is not None:
        await say(update, _("I did not quite understand that. Please choose from the menu:"))
    await show_home(update, context)


async def unknown_command(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(update, _("I do not know that command. Type /help to see what I can do."))


async def edited_message(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("I cannot see changes to a message. Please send the new text as a new message."),
    )


async def stale_button(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await acknowledge(update, _("This button no longer works. Here is the menu."))
    await show_home(update, context)


async def cancel(update: Update, context: KansrijkContext) -> int:
    """/cancel anywhere: leave the flow, keep what was already saved."""
    _ = context.t.gettext
    clear_draft(context)
    await say(update, _("Okay, I stopped. Everything you saved before is kept."))
    await show_home(update, context)
    return ConversationHandler.END


async def cancel_outside_conversation(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(update, _("There is nothing to stop right now."))
    await show_home(update, context)


async def restart(update: Update, context: KansrijkContext) -> int:
    """/start inside a conversation: leave it and start fresh."""
    from flows.common.start import start

    clear_draft(context)
    await start(update, context)
    return ConversationHandler.END


def clear_draft(context: KansrijkContext) -> None:
    """Forget the conversation's draft; keep an unregistered person's language choice."""
    if context.user_data is None:
        return
    language = context.user_data.get(DRAFT_LANGUAGE)
    context.user_data.clear()
    if language is not None and context.person is None:
        context.user_data[DRAFT_LANGUAGE] = language


def conversation_fallbacks() -> list[BaseHandler]:
    """Fallbacks every ConversationHandler includes."""
    return [
        CommandHandler("cancel", cancel),
        CommandHandler("start", restart),
        # Returning None keeps the conversation where it was.
        MessageHandler(NOT_TEXT, not_text),
    ]


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("cancel", cancel_outside_conversation, filters=NEW_MESSAGE),
        MessageHandler(filters.UpdateType.EDITED, edited_message),
        MessageHandler(filters.COMMAND & NEW_MESSAGE, unknown_command),
        MessageHandler(PLAIN_TEXT, unexpected_text),
        MessageHandler(NOT_TEXT, not_text),
        CallbackQueryHandler(stale_button),
    ]
