"""Stopping with Kansrijk (with an optional reason) and coming back."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from domain.parents import Parent, StopReason
from flows.common.ui import column, show
from flows.parent.callbacks import ComeBack, MenuItem, ParentMenu, SettingsItem, StopWith
from flows.parent.guard import decodes, parent_button
from flows.parent.home import show_parent_home
from flows.parent.settings import opens


@parent_button()
async def ask_stop(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    await show(
        update,
        _(
            "Do you want to stop with Kansrijk? Then I send you no more messages. Your data"
            ' stays until you delete it under "My data".\n\n'
            "Why do you want to stop? That helps us. Tap a button."
        ),
        column(
            [
                (_("I do not need it any more"), StopWith(StopReason.NOT_NEEDED)),
                (_("Too many messages"), StopWith(StopReason.TOO_MANY_MESSAGES)),
                (_("I am moving"), StopWith(StopReason.MOVED)),
                (_("Another reason"), StopWith(StopReason.OTHER)),
                (_("I would rather not say"), StopWith(StopReason.NOT_SAID)),
                (_("No, I want to stay"), ParentMenu(MenuItem.SETTINGS)),
            ]
        ),
    )


@parent_button()
async def stop(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    reason = StopWith.unpack(update.callback_query.data).reason
    await context.services.parents.stop(parent.person_id, reason)
    await show(
        update,
        _(
            "You have stopped. I will not send you anything any more. Thank you, and take"
            " good care!\n\nDo you want to come back later? Type /start."
        ),
    )


@parent_button()
async def come_back(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    came_back = await context.services.parents.come_back(parent.person_id)
    intro = _("Welcome back! I am glad you are here again.") if came_back else None
    await show_parent_home(update, context, intro=intro)


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(ask_stop, pattern=opens(SettingsItem.STOP)),
        CallbackQueryHandler(stop, pattern=decodes(StopWith)),
        CallbackQueryHandler(come_back, pattern=decodes(ComeBack)),
    ]
