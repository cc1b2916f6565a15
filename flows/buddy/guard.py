"""Least privilege for every buddy handler: the role is checked on the server for each
update, and whatever a button names is checked again by the service it calls. Refusals
are polite and say nothing about what was asked for."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, filters

from bot.context import KansrijkContext
from domain.people import Role
from flows.common.conversation import dispatch_elsewhere
from flows.common.ui import tell

BuddyHandler = Callable[[Update, KansrijkContext, int], Awaitable[Any]]


def buddy_only(handler: BuddyHandler) -> Callable[[Update, KansrijkContext], Awaitable[Any]]:
    """Run ``handler(update, context, buddy_id)`` only for a registered buddy; anyone
    else is told kindly, and a conversation they were in ends."""

    @functools.wraps(handler)
    async def checked(update: Update, context: KansrijkContext) -> Any:
        person = context.person
        if person is None or person.role is not Role.BUDDY:
            _ = context.t.gettext
            await tell(update, _("This is only for buddies. Type /start to see your menu."))
            return ConversationHandler.END
        return await handler(update, context, person.id)

    return checked


def buddy_command(
    command: str, callback: BuddyHandler, *, conversation: str | None = None
) -> CommandHandler:
    """``/command`` for buddies (an entry point of ``conversation``, if given). Other
    roles may have a command of the same name (a coordinator's /families) or none: their
    update goes on as if this handler were not there."""

    def passed_over(other: object) -> bool:
        return other is handler or (
            conversation is not None and getattr(other, "name", None) == conversation
        )

    async def route(update: Update, context: KansrijkContext) -> Any:
        person = context.person
        if person is None or person.role is not Role.BUDDY:
            await dispatch_elsewhere(update, context, skip=passed_over)
            return None
        return await callback(update, context, person.id)

    handler = CommandHandler(command, route, filters=filters.UpdateType.MESSAGE)
    return handler


async def refuse_family(update: Update, context: KansrijkContext) -> int:
    """A button naming a family (or a log, or an alert) that is not, or no longer, the
    buddy's own: no name, no data, just the way back."""
    from flows.buddy.home import show_buddy_home

    _ = context.t.gettext
    await tell(update, _("This family is not in your list (any more). Here is your menu."))
    await show_buddy_home(update, context)
    return ConversationHandler.END
