"""Shared bits of the parent's screens: who may use them, and the way back to the menu."""

from __future__ import annotations

from collections.abc import Callable

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
