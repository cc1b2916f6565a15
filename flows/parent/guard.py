"""Shared bits of the parent's screens: who may use them, and the way back to the menu."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import KansrijkContext
from bot.i18n import Translator
from domain.errors import NotFound
from domain.parents import Parent
from domain.people import Role
from flows.common.home import show_home
from flows.common.ui import acknowledge
from flows.parent.callbacks import MenuItem, ParentMenu

ParentHandler = Callable[[Update, KansrijkContext, Parent], Awaitable[Any]]
Handler = Callable[[Update, KansrijkContext], Awaitable[Any]]


async def current_parent(update: Update, context: KansrijkContext) -> Parent | None:
    """The parent behind this update, re-read from the database. Anyone else (a buddy
    with a forwarded button, someone whose data was just erased) gets a polite refusal
    and their own home screen; the caller then stops."""
    person = context.person
    if person is not None and person.role is Role.PARENT:
        try:
            return await context.services.parents.get(person.id)
        except NotFound:
            pass
    _ = context.t.gettext
    await acknowledge(update, _("This button is not for you. Here is your menu."))
    await show_home(update, context)
    return None


def parent_button(
    *, refused: object = None, answer_first: bool = True
) -> Callable[[ParentHandler], Handler]:
    """A parent's button: ``handler(update, context, parent)`` runs for the parent behind
    the update (anyone else gets ``current_parent``'s refusal, and the handler returns
    ``refused``: ConversationHandler.END for a conversation's entry). The tap is answered
    first, unless the handler answers it itself (``saved`` does, once the change is
    stored, so a failed change never says "Saved.")."""

    def wrap(handler: ParentHandler) -> Handler:
        @functools.wraps(handler)
        async def run(update: Update, context: KansrijkContext) -> Any:
            parent = await current_parent(update, context)
            if parent is None:
                return refused
            if answer_first:
                await acknowledge(update)
            return await handler(update, context, parent)

        return run

    return wrap


async def saved(
    update: Update,
    context: KansrijkContext,
    screen: Callable[[Update, KansrijkContext], Awaitable[None]],
) -> None:
    """After a changed setting or consent: "Saved." on the tap, and ``screen`` again with
    the new value."""
    await acknowledge(update, context.t.gettext("Saved."))
    await screen(update, context)


def menu_button(t: Translator) -> tuple[str, ParentMenu]:
    """The way back to the home menu, under every screen."""
    return t.gettext("🏠 Menu"), ParentMenu(MenuItem.HOME)


def decodes(data_class: type[CallbackData]) -> Callable[[object], bool]:
    """A pattern that takes only well-formed data of ``data_class``; a forged or garbled
    button falls through to the stale-button answer."""

    def pattern(data: object) -> bool:
        try:
            data_class.unpack(data)
        except InvalidCallbackData:
            return False
        return True

    return pattern


def ask_label(context: KansrijkContext, has_buddy: bool) -> str:
    """The "ask" button: to the buddy, or (without one) a question to the team."""
    _ = context.t.gettext
    return _("💬 Ask my buddy") if has_buddy else _("💬 Ask a question")
