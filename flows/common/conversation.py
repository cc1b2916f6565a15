"""What conversations share: leaving a conversation when the person turns
to something else, their small drafts in ``user_data``, and the conversation that waits
for one typed text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import KansrijkContext
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks

# /cancel and /start have their own fallbacks in every conversation.
OTHER_COMMANDS = filters.COMMAND & ~filters.Regex(r"^/(cancel|start)(@\w+)?(\s|$)")


def leave_for_other_flows(conversation: str, draft_key: str) -> list[BaseHandler]:
    """Fallbacks for the end of a conversation's list: a button of another message or
    another command means the buddy turned to something else. The conversation ends
    (so it cannot swallow text meant for the next one) and the update goes to the
    handler that would have had it without this conversation."""

    async def leave(update: Update, context: KansrijkContext) -> int:
        drop_draft(context, draft_key)
        await dispatch_elsewhere(
            update, context, skip=lambda handler: getattr(handler, "name", None) == conversation
        )
        return ConversationHandler.END

    return [CallbackQueryHandler(leave), MessageHandler(OTHER_COMMANDS, leave)]


Skip = Callable[[BaseHandler], bool]
# What the dispatches this update is already inside of pass over: a handler that hands the
# update on (a conversation left, a command for another role) must never get it back, or
# two of them would hand it to each other forever.
_passed_over: ContextVar[tuple[Skip, ...]] = ContextVar("passed_over", default=())


async def dispatch_elsewhere(update: Update, context: KansrijkContext, skip: Skip) -> None:
    """Give the update to the first handler (after the identify step) that wants it,
    passing over those ``skip`` names (and those that handed it on already): as if they
    had not been there."""
    application = context.application
    skips = (*_passed_over.get(), skip)
    token = _passed_over.set(skips)
    try:
        for group in sorted(application.handlers):
            if group < 0:  # the identify step ran for this update already
                continue
            for handler in application.handlers[group]:
                if any(passed(handler) for passed in skips):
                    continue
                check = handler.check_update(update)
                if check is not None and check is not False:
                    await handler.handle_update(update, application, check, context)
                    break
    finally:
        _passed_over.reset(token)


def typed_text_conversation(
    name: str,
    draft_key: str,
    entry_points: list[BaseHandler],
    waiting: StrEnum,
    on_text: Callable[[Update, KansrijkContext], Awaitable[object]],
    *,
    allow_reentry: bool = True,
) -> ConversationHandler:
    """A conversation that asks for one typed text (a message, an answer, a note): the
    entry points ask and return ``waiting``; ``on_text`` takes the text (or asks again).
    /cancel, /start, media and turning to something else are handled as everywhere."""
    return ConversationHandler(
        name=name,
        persistent=True,
        allow_reentry=allow_reentry,
        entry_points=entry_points,
        states={waiting: [MessageHandler(PLAIN_TEXT, on_text)]},
        fallbacks=[*conversation_fallbacks(), *leave_for_other_flows(name, draft_key)],
    )


def draft(context: KansrijkContext, key: str) -> dict[str, Any]:
    """This conversation's draft: ids and choices only, never free text (drafts are
    stored unencrypted)."""
    assert context.user_data is not None
    return context.user_data.setdefault(key, {})


def drop_draft(context: KansrijkContext, key: str) -> None:
    if context.user_data is not None:
        context.user_data.pop(key, None)
