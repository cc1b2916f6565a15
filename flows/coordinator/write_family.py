"""A coordinator writes to a family of their scope (for example after a help request).
The message reaches the parent through the bot, and the parent can answer."""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.context import KansrijkContext
from domain.errors import DomainError
from domain.people import Coordinator
from domain.threads import MAX_MESSAGE_LENGTH
from flows.common.conversation import draft, drop_draft, typed_text_conversation
from flows.common.ui import column, say
from flows.coordinator.callbacks import OpenFamily, WriteToFamily
from flows.coordinator.common import (
    current_coordinator,
    home_button,
    name_or_unknown,
    on_button,
    refuse,
    too_long,
)

CONVERSATION = "coordinator_write_family"
DRAFT = "write_family"


class WriteState(StrEnum):
    TEXT = "text"


@on_button(WriteToFamily)
async def start(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: WriteToFamily
) -> WriteState:
    _ = context.t.gettext
    name = await context.services.coordinators.family_name(coordinator.person_id, data.parent_id)
    draft(context, DRAFT)["parent_id"] = data.parent_id
    await say(
        update,
        _(
            "Write your message to {name}. It reaches them through this bot, and they can"
            " answer you. (at most {limit} characters; /cancel to stop)"
        ).format(name=name_or_unknown(context, name), limit=MAX_MESSAGE_LENGTH),
    )
    return WriteState.TEXT


async def text_written(update: Update, context: KansrijkContext) -> WriteState | int:
    _ = context.t.gettext
    text = update.message.text or ""
    if len(text) > MAX_MESSAGE_LENGTH:
        await too_long(update, context, len(text), MAX_MESSAGE_LENGTH)
        return WriteState.TEXT
    parent_id = draft(context, DRAFT).get("parent_id")
    drop_draft(context, DRAFT)
    coordinator = await current_coordinator(context)
    if coordinator is None or parent_id is None:
        return ConversationHandler.END
    try:
        await context.services.questions.coordinator_writes(coordinator.person_id, parent_id, text)
    except DomainError as error:
        await refuse(update, context, error)
        return ConversationHandler.END
    await say(
        update,
        _("Sent. When the family answers, I will pass it on to you."),
        column([(_("Open the family"), OpenFamily(parent_id)), home_button(context)]),
    )
    return ConversationHandler.END


def handlers() -> list[BaseHandler]:
    return [
        typed_text_conversation(
            CONVERSATION,
            DRAFT,
            [CallbackQueryHandler(start, pattern=WriteToFamily.matches)],
            WriteState.TEXT,
            text_written,
            allow_reentry=False,
        )
    ]
