"""Answering a parent's relayed question, for buddies and coordinators: the message that
brings the question (with a Reply button) and the short conversation that sends the
answer back through the bot. Who may answer is checked on the server every time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.outbox import OutboxItem
from domain.threads import MAX_MESSAGE_LENGTH, CoordinatorReason, RelayedMessage
from flows.common.conversation import typed_text_conversation
from flows.common.home import show_home
from flows.common.ui import acknowledge, column, esc, say
from services.questions import QUESTION_TO_BUDDY, QUESTION_TO_COORDINATOR

CONVERSATION = "thread_reply"
DRAFT = "thread_reply"  # {"thread_id": int}


@dataclass(frozen=True)
class ReplyToThread(CallbackData, prefix="Rt"):
    thread_id: int


class ReplyStep(StrEnum):
    TEXT = "text"


def _parent_label(t: Translator, relayed: RelayedMessage) -> str:
    name = esc(relayed.parent_first_name) if relayed.parent_first_name else t.gettext("a parent")
    if relayed.neighbourhood:
        return f"{name} ({esc(relayed.neighbourhood)})"
    return name


@renderer(QUESTION_TO_BUDDY)
async def render_for_buddy(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    _ = t.gettext
    relayed = await state.services.questions.relayed(item.payload["message_id"])
    if relayed is None:
        return None
    who = _parent_label(t, relayed)
    header = (
        _("❓ New question from {name}:") if relayed.is_first else _("💬 {name} writes:")
    ).format(name=who)
    return _relayed(t, relayed, header)


@renderer(QUESTION_TO_COORDINATOR)
async def render_for_coordinator(
    item: OutboxItem, t: Translator, state: AppState
) -> Rendered | None:
    _ = t.gettext
    relayed = await state.services.questions.relayed(item.payload["message_id"])
    if relayed is None:
        return None
    who = _parent_label(t, relayed)
    municipality = esc(state.settings.municipality_name(relayed.thread.municipality))
    reason = CoordinatorReason(item.payload.get("reason", CoordinatorReason.NO_BUDDY))
    if reason is CoordinatorReason.UNANSWERED:
        header = _(
            "⏰ {name} in {municipality} asked their buddy this {hours} hours ago and has no"
            " answer yet:"
        ).format(
            name=who, municipality=municipality, hours=state.settings.rules.question_answer_hours
        )
    elif reason is CoordinatorReason.FOLLOW_UP:
        header = _("💬 {name} in {municipality} replies to your answer:").format(
            name=who, municipality=municipality
        )
    else:
        header = _("❓ Question from {name} in {municipality}, who has no buddy:").format(
            name=who, municipality=municipality
        )
    return _relayed(t, relayed, header)


def _relayed(t: Translator, relayed: RelayedMessage, header: str) -> Rendered:
    _ = t.gettext
    return Rendered(
        text=f"{header}\n\n{esc(relayed.message.body)}\n\n"
        + _("Tap Reply to answer. I pass your answer on; nobody sees your phone number."),
        markup=column([(_("↩️ Reply"), ReplyToThread(relayed.thread.id))]),
    )


async def start_reply(update: Update, context: KansrijkContext) -> ReplyStep | int:
    _ = context.t.gettext
    person = context.person
    try:
        thread_id = ReplyToThread.unpack(update.callback_query.data).thread_id
        if person is None:
            raise NotAllowed("unknown person")
        target = await context.services.questions.reply_target(person.id, thread_id)
    except (InvalidCallbackData, NotAllowed, NotFound):
        await acknowledge(update, _("You can no longer answer this question."), alert=True)
        return ConversationHandler.END
    await acknowledge(update)
    context.user_data[DRAFT] = {"thread_id": thread_id}
    name = esc(target.parent_first_name) if target.parent_first_name else _("the parent")
    await say(
        update,
        _(
            "Type your answer to {name} (at most {limit} characters). I will pass it on."
            " Type /cancel to stop."
        ).format(name=name, limit=MAX_MESSAGE_LENGTH),
    )
    return ReplyStep.TEXT


async def answer_written(update: Update, context: KansrijkContext) -> ReplyStep | int:
    _ = context.t.gettext
    person = context.person
    thread_id = context.user_data.get(DRAFT, {}).get("thread_id")
    if person is None or thread_id is None:
        context.user_data.pop(DRAFT, None)
        return ConversationHandler.END
    try:
        await context.services.questions.reply(person.id, int(thread_id), update.message.text)
    except InvalidInput as error:
        if error.reason == "empty":
            await say(update, _("Please type your answer and send it."))
        else:
            await say(
                update,
                _("That is too long: at most {limit} characters. Please write it shorter.").format(
                    limit=MAX_MESSAGE_LENGTH
                ),
            )
        return ReplyStep.TEXT
    except (NotAllowed, NotFound):
        context.user_data.pop(DRAFT, None)
        await say(update, _("You can no longer answer this question."))
        await show_home(update, context)
        return ConversationHandler.END
    context.user_data.pop(DRAFT, None)
    await say(update, _("✅ Your answer is sent. Thank you!"))
    await show_home(update, context)
    return ConversationHandler.END


def handlers() -> list[BaseHandler]:
    return [
        typed_text_conversation(
            CONVERSATION,
            DRAFT,
            [CallbackQueryHandler(start_reply, pattern=ReplyToThread.matches)],
            ReplyStep.TEXT,
            answer_written,
        )
    ]
