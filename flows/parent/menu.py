"""The home menu's buttons: each opens its screen (asking has its own conversation)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from flows.common.ui import acknowledge
from flows.parent.activities import show_activities
from flows.parent.callbacks import MenuItem, ParentMenu
from flows.parent.guard import current_parent, decodes
from flows.parent.help_now import show_help_now
from flows.parent.home import show_parent_home
from flows.parent.my_buddy import show_my_buddy
from flows.parent.my_data import show_my_data
from flows.parent.settings import show_settings
from flows.parent.tips import show_tip


async def open_menu_item(update: Update, context: KansrijkContext) -> None:
    if await current_parent(update, context) is None:
        return
    await acknowledge(update)
    item = ParentMenu.unpack(update.callback_query.data).item
    if item is MenuItem.HELP:
        await show_help_now(update, context)
    elif item is MenuItem.ACTIVITIES:
        await show_activities(update, context)
    elif item is MenuItem.TIP:
        await show_tip(update, context)
    elif item is MenuItem.BUDDY:
        await show_my_buddy(update, context)
    elif item is MenuItem.SETTINGS:
        await show_settings(update, context)
    elif item is MenuItem.DATA:
        await show_my_data(update, context)
    else:
        await show_parent_home(update, context)


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(open_menu_item, pattern=decodes(ParentMenu))]
