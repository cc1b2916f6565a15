"""The coordinator's home menu."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from flows.common.ui import show


async def show_coordinator_home(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await show(update, _("Coordinator menu"))
