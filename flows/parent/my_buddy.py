"""My buddy: who the buddy is, and how to reach them (through this chat)."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from flows.common.ui import column, esc, show
from flows.parent.callbacks import MenuItem, ParentMenu
from flows.parent.guard import ask_label, current_parent, menu_button


async def show_my_buddy(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    buddy = await context.services.parents.buddy_of(parent.person_id)
    if buddy is not None:
        name = esc(buddy.display_name)
        text = _(
            "Your buddy is <b>{name}</b>.\n\n"
            "{name} is a volunteer who is trained to help families. You can ask {name}"
            " anything through this chat. {name} does not see your phone number."
        ).format(name=name)
    else:
        text = _(
            "You do not have a buddy yet. A coordinator of {municipality} is looking for a"
            " buddy who fits you.\n\nYou can already ask a question. A coordinator will"
            " answer."
        ).format(municipality=esc(context.settings.municipality_name(parent.municipality)))
    ask = (ask_label(context, buddy is not None), ParentMenu(MenuItem.ASK))
    await show(update, text, column([ask, menu_button(context.t)]))
