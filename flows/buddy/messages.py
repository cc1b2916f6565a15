"""A buddy writes to one of their families through the bot; the parent can reply."""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.callbacks import InvalidCallbackData
from bot.context import KansrijkContext
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.threads import MAX_MESSAGE_LENGTH
from flows.buddy.callbacks import OpenFamily, WriteTo
from flows.buddy.guard import buddy_only, refuse_family
from flows.buddy.texts import family_name
from flows.common.conversation import draft, drop_draft, typed_text_conversation
from flows.common.ui import acknowledge, column, say, show

CONVERSATION = "buddy_message"
DRAFT = "buddy_message"


class MessageStep(StrEnum):
    TEXT = "text"


@buddy_only
async def start_message(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    try:
        parent_id = WriteTo.unpack(update.callback_query.data).parent_id
        family = await context.services.buddies.family(buddy_id, parent_id)
    except (InvalidCallbackData, NotAllowed):
        return await refuse_family(update, context)
    await acknowledge(update)
    draft(context, DRAFT)["parent_id"] = parent_id
    await show(
        update,
        _(
            "✉️ <b>Message to {name}</b>\n\nType your message (at most {limit} characters)."
            " I will pass it on, and {name} can answer you here. Type /cancel to stop."
        ).format(name=family_name(context.t, family), limit=MAX_MESSAGE_LENGTH),
    )
    return MessageStep.TEXT


@buddy_only
async def send_message(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    parent_id = draft(context, DRAFT).get("parent_id")
    try:
        family = await context.services.buddies.family(buddy_id, int(parent_id or 0))
        await context.services.questions.buddy_writes(
            buddy_id, family.parent_id, update.message.text
        )
    except (NotAllowed, NotFound):
        drop_draft(context, DRAFT)
        return await refuse_family(update, context)
    except InvalidInput as error:
        if error.reason == "too_long":
            await say(
                update,
                _("That is too long: at most {limit} characters. Please write it shorter.").format(
                    limit=MAX_MESSAGE_LENGTH
                ),
            )
        else:
            await say(update, _("Please type your message, or /cancel to stop."))
        return MessageStep.TEXT
    drop_draft(context, DRAFT)
    await say(
        update,
        _("✅ Sent to {name}. When {name} answers, you will see it here.").format(
            name=family_name(context.t, family)
        ),
        column(
            [
                (
                    _("⬅️ Back to {name}").format(name=family.first_name or "?"),
                    OpenFamily(family.parent_id),
                )
            ]
        ),
    )
    return ConversationHandler.END


def handlers() -> list[BaseHandler]:
    return [
        typed_text_conversation(
            CONVERSATION,
            DRAFT,
            [CallbackQueryHandler(start_message, pattern=WriteTo.matches)],
            MessageStep.TEXT,
            send_message,
        )
    ]
