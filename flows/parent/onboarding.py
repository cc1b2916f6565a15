"""Getting to know a new parent."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from flows.common.ui import show


async def welcome(update: Update, context: KansrijkContext, referral_code: str | None) -> None:
    """The first thing anyone new sees: who we are, in their language."""
    _ = context.t.gettext
    await show(
        update,
        _(
            "Hello! Welcome to Kansrijk. I help you and your child in the first 1000 days,"
            " together with a buddy: a trained volunteer who is there for you."
        ),
    )
