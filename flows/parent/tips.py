"""Tip of this week: today's tip for the parent's stage, in their language."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from flows.common.ui import column, esc, show
from flows.parent.guard import current_parent, menu_button
from services.parents import NoTip


async def show_tip(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    today = await context.services.parents.tip_of_the_week(parent.person_id, context.t.language)
    if today.tip is not None:
        text = f"💡 <b>{esc(today.tip.title)}</b>\n\n{esc(today.tip.text)}"
    elif today.no_tip is NoTip.PREGNANCY_ENDED:
        text = _(
            "There are no tips for now. Take good care of yourself. Your buddy and the"
            " coordinator are there for you."
        )
    else:
        text = _(
            "Your child is 2 years or older. The tips of Kansrijk are for the first 1000"
            " days, so there are no new tips. The consultatiebureau can help you with"
            " questions about the years after."
        )
    await show(update, text, column([menu_button(context.t)]))
