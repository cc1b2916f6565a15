"""Answers to scheduled messages come from parents only, and only for their own
check-ins and surveys: checked on the server for every tap."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.ext import ConversationHandler

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import KansrijkContext
from domain.errors import DomainError
from domain.people import Role
from flows.common.ui import tell

Data = TypeVar("Data", bound=CallbackData)
ParentHandler = Callable[[Update, KansrijkContext, int], Awaitable[Any]]
AnswerHandler = Callable[[Update, KansrijkContext, int, Data], Awaitable[Any]]


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


def parent_answer(
    data_type: type[Data],
) -> Callable[[AnswerHandler[Data]], Callable[[Update, KansrijkContext], Awaitable[Any]]]:
    """A parent's tap on a button of a scheduled message: ``handler(update, context,
    parent_id, data)`` with the button's data. Data that does not decode, and whatever
    the services refuse (not the parent's own, gone), get the kind refusal."""

    def wrap(handler: AnswerHandler[Data]) -> Callable[[Update, KansrijkContext], Awaitable[Any]]:
        @parent_only
        @functools.wraps(handler)
        async def checked(update: Update, context: KansrijkContext, parent_id: int) -> Any:
            try:
                data = data_type.unpack(update.callback_query.data)
                return await handler(update, context, parent_id, data)
            except (InvalidCallbackData, DomainError):
                await refuse(update, context)
                return ConversationHandler.END

        return checked

    return wrap


async def refuse(update: Update, context: KansrijkContext) -> None:
    """A stale, forged or someone else's button: a kind word, nothing about what it named."""
    _ = context.t.gettext
    await tell(update, _("This button does not work (any more). Type /start to see your menu."))
