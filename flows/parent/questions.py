"""Asking the buddy (or, without one, the coordinators), replying to what comes back, and
the messages that come back. Text typed outside any flow is offered to be sent too:
people who find buttons hard will just type."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from bot.scheduling import periodic
from domain.errors import InvalidInput, NotAllowed, NotFound
from domain.outbox import OutboxItem
from domain.parents import Parent
from domain.people import Role
from domain.threads import MAX_MESSAGE_LENGTH, AskResult, Route
from flows.common.conversation import typed_text_conversation
from flows.common.ui import acknowledge, column, esc, keyboard, say, show
from flows.parent.callbacks import MenuItem, ParentMenu, ParentReply, SendTyped
from flows.parent.guard import current_parent, decodes, menu_button, parent_button
from flows.parent.home import show_parent_home
from services.questions import ANSWER_TO_PARENT, MESSAGE_FROM_BUDDY, MESSAGE_FROM_COORDINATOR

CONVERSATION = "parent_write"
DRAFT = "parent_write"  # {"thread_id": int | None}
TYPED_DRAFT = "typed"  # the encrypted text of "Send this to your buddy?"


class WriteStep(StrEnum):
    TEXT = "text"


# ---------------------------------------------------------------- asking and replying


def _is_ask(data: object) -> bool:
    return decodes(ParentMenu)(data) and ParentMenu.unpack(data).item is MenuItem.ASK


@parent_button(refused=ConversationHandler.END)
async def start_question(update: Update, context: KansrijkContext, parent: Parent) -> WriteStep:
    _ = context.t.gettext
    buddy = await context.services.parents.buddy_of(parent.person_id)
    if buddy is not None:
        text = _(
            "What do you want to ask {name}? Type your question and send it. You can ask anything."
        ).format(name=esc(buddy.display_name))
    else:
        text = _(
            "What do you want to ask? Type your question and send it. A coordinator of"
            " {municipality} will answer you."
        ).format(municipality=esc(context.settings.municipality_name(parent.municipality)))
    context.user_data[DRAFT] = {"thread_id": None}
    await show(update, text + "\n\n" + _("Changed your mind? Type /cancel."))
    return WriteStep.TEXT


async def start_reply(update: Update, context: KansrijkContext) -> WriteStep | int:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return ConversationHandler.END
    thread_id = ParentReply.unpack(update.callback_query.data).thread_id
    try:
        target = await context.services.questions.reply_target(parent.person_id, thread_id)
    except (NotAllowed, NotFound):
        await acknowledge(update, _("This conversation is closed."), alert=True)
        return ConversationHandler.END
    await acknowledge(update)
    context.user_data[DRAFT] = {"thread_id": thread_id}
    name = target.counterpart_name or _("your buddy")
    # A new message: the one with the Reply button holds what they answer to.
    await say(
        update,
        _("Type your answer to {name} and send it.").format(name=esc(name))
        + "\n\n"
        + _("Changed your mind? Type /cancel."),
    )
    return WriteStep.TEXT


async def text_written(update: Update, context: KansrijkContext) -> WriteStep | int:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return ConversationHandler.END
    thread_id = context.user_data.get(DRAFT, {}).get("thread_id")
    try:
        await send(update, context, parent, update.message.text, thread_id)
    except InvalidInput as error:
        empty = error.reason == "empty"
        await say(
            update, _("Please type your message and send it.") if empty else too_long(context)
        )
        return WriteStep.TEXT
    except (NotAllowed, NotFound):
        context.user_data.pop(DRAFT, None)
        await show_parent_home(update, context)
        return ConversationHandler.END
    context.user_data.pop(DRAFT, None)
    return ConversationHandler.END


async def send(
    update: Update,
    context: KansrijkContext,
    parent: Parent,
    text: str,
    thread_id: int | None,
) -> None:
    """Ask (a new thread) or reply, then say where it went, with the menu."""
    _ = context.t.gettext
    questions = context.services.questions
    if thread_id is None:
        result = await questions.ask(parent.person_id, text)
        intro = sent_text(context, parent, result)
    else:
        await questions.reply(parent.person_id, thread_id, text)
        intro = _("✅ Sent. You will get the answer here.")
    await show_parent_home(update, context, intro=intro)


def sent_text(context: KansrijkContext, parent: Parent, result: AskResult) -> str:
    _ = context.t.gettext
    if result.routed_to is Route.BUDDY and result.buddy_name:
        return _("✅ Sent to {name}. You will get the answer here.").format(
            name=esc(result.buddy_name)
        )
    return _("✅ Sent to a coordinator of {municipality}. You will get the answer here.").format(
        municipality=esc(context.settings.municipality_name(parent.municipality))
    )


def too_long(context: KansrijkContext) -> str:
    _ = context.t.gettext
    return _("That is too long: at most {limit} characters. Please write it shorter.").format(
        limit=MAX_MESSAGE_LENGTH
    )


def conversation() -> ConversationHandler:
    return typed_text_conversation(
        CONVERSATION,
        DRAFT,
        [
            CallbackQueryHandler(start_question, pattern=_is_ask),
            CallbackQueryHandler(start_reply, pattern=decodes(ParentReply)),
        ],
        WriteStep.TEXT,
        text_written,
    )


# ---------------------------------------------------------------- text typed outside a flow


async def offer_to_send(update: Update, context: KansrijkContext) -> None:
    """ "Send this to your buddy?" for text a parent typed outside any flow. The text
    waits in the draft, encrypted like every free text at rest."""
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    if parent.stopped:
        await show_parent_home(update, context)
        return
    text = update.message.text
    if len(text.strip()) > MAX_MESSAGE_LENGTH:
        await show(update, too_long(context))
        return
    context.user_data[TYPED_DRAFT] = context.services.cipher.encrypt(text).decode("ascii")
    buddy = await context.services.parents.buddy_of(parent.person_id)
    if buddy is not None:
        question = _("Do you want me to send this to your buddy {name}?").format(
            name=esc(buddy.display_name)
        )
    else:
        question = _(
            "Do you want me to send this as a question to a coordinator of {municipality}?"
        ).format(municipality=esc(context.settings.municipality_name(parent.municipality)))
    await show(
        update,
        question,
        keyboard(
            [(_("✅ Yes, send it"), SendTyped(True)), (_("No"), SendTyped(False))],
            [menu_button(context.t)],
        ),
    )


@parent_button()
async def typed_answered(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    sealed = context.user_data.pop(TYPED_DRAFT, None)
    if not SendTyped.unpack(update.callback_query.data).send:
        await show_parent_home(update, context, intro=_("Okay, I did not send it."))
        return
    if sealed is None:
        await show(
            update,
            _("I do not have that message any more. Please type it again."),
            column([menu_button(context.t)]),
        )
        return
    text = context.services.cipher.decrypt(sealed.encode("ascii"))
    try:
        await send(update, context, parent, text, None)
    except (NotAllowed, NotFound):
        await show_parent_home(update, context)


# ---------------------------------------------------------------- what comes back


@renderer(ANSWER_TO_PARENT)
@renderer(MESSAGE_FROM_BUDDY)
@renderer(MESSAGE_FROM_COORDINATOR)
async def render_for_parent(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    """A buddy's or coordinator's message, with Reply. Not for a parent who stopped."""
    _ = t.gettext
    relayed = await state.services.questions.relayed(item.payload["message_id"])
    if relayed is None or relayed.parent_stopped:
        return None
    name = esc(relayed.author_name) if relayed.author_name else None
    answer = item.kind == ANSWER_TO_PARENT
    if relayed.message.author_role is Role.BUDDY:
        header = (
            _("💬 Answer from your buddy {name}:")
            if answer
            else _("💬 Message from your buddy {name}:")
        ).format(name=name or _("your buddy"))
    elif name:
        header = (
            _("💬 Answer from coordinator {name}:")
            if answer
            else _("💬 Message from coordinator {name}:")
        ).format(name=name)
    else:
        header = (
            _("💬 Answer from the Kansrijk team:")
            if answer
            else _("💬 Message from the Kansrijk team:")
        )
    return Rendered(
        text=f"{header}\n\n{esc(relayed.message.body)}",
        # Reply only: a menu button would replace this message with the menu.
        markup=column([(_("↩️ Reply"), ParentReply(relayed.thread.id))]),
    )


@periodic("parent_questions_unanswered", every=timedelta(minutes=10))
async def pass_on_unanswered_questions(state: AppState) -> None:
    """Questions the buddy left unanswered too long go to the coordinators."""
    await state.services.questions.escalate_unanswered()


def handlers() -> list[BaseHandler]:
    return [
        conversation(),
        CallbackQueryHandler(typed_answered, pattern=decodes(SendTyped)),
    ]
