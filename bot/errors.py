"""The one error handler: log with context, tell the person kindly, notice blocks."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.context import KansrijkContext

log = logging.getLogger(__name__)


async def on_error(update: object, context: KansrijkContext) -> None:
    error = context.error
    if isinstance(update, Update) and isinstance(error, Forbidden):
        user = update.effective_user
        person = await context.services.people.set_reachable(user.id, False) if user else None
        if person is not None:
            await context.state.dispatcher.person_blocked(person.id)
        log.info("user %s blocked the bot", user.id if user else "?")
        return
    log.error(
        "error while handling %s",
        _describe(update),
        exc_info=(type(error), error, error.__traceback__) if error else None,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    _ = context.t.gettext
    # A tap is not answered here: the handler may have answered it before it failed,
    # and a second answer is an error of its own. Telegram clears the spinner itself.
    try:
        await context.bot.send_message(
            update.effective_chat.id,
            _(
                "Sorry, something went wrong on my side. What you already saved is safe."
                " Please try again, or type /start to go back to the menu."
            ),
        )
    except TelegramError:
        log.warning("could not tell the user about the error", exc_info=True)


def _describe(update: object) -> str:
    if not isinstance(update, Update):
        return repr(update)
    kind = "callback" if update.callback_query else "message" if update.message else "update"
    user = update.effective_user
    return f"{kind} {update.update_id} from user {user.id if user else '?'}"
