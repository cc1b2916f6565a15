"""Answers to scheduled messages come from parents only, and only for their own
check-ins and surveys: checked on the server for every tap."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import KansrijkContext
from domain.people import Role
from flows.common.ui import acknowledge, say

ParentHandler = Callable[[Update, KansrijkContext, int], Awaitable[Any]]


def parent_only(handler: ParentHandler) -> Callable[[Update, KansrijkContext], Awaitable[Any]]:
    """Run ``handler(update, context, parent_id)`` only for a registered parent."""

    @functools.wraps(handler)
    async def checked(update: Update, context: KansrijkContext) -> Any:
        person = context.person
        if person is None or person.role is not Role.PARENT:
            await refuse(update, context)
            return ConversationHandler.END
        return await handler(update, context, person.id)

    return checked


async def refuse(update: Update, context: KansrijkContext) -> None:
    """A stale, forged or someone else's button: a kind word, nothing about what it named."""
    _ = context.t.gettext
    text = _("This button does not work (any more). Type /start to see your menu.")
    if update.callback_query is not None:
        await acknowledge(update, text, alert=True)
    else:
        await say(update, text)
