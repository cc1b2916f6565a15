"""Small rendering helpers shared by every flow."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.callbacks import CallbackData

Row = Sequence[tuple[str, CallbackData]]


def esc(text: object) -> str:
    """Escape anything a person wrote (or any value) for parse_mode HTML."""
    return html.escape(str(text), quote=False)


def keyboard(*rows: Row) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data.pack()) for label, data in row]
            for row in rows
            if row
        ]
    )


def column(buttons: Sequence[tuple[str, CallbackData]]) -> InlineKeyboardMarkup:
    """One button per row: easiest to read and tap for everyone."""
    return keyboard(*[[button] for button in buttons])


def grid(buttons: Sequence[tuple[str, CallbackData]], per_row: int = 2) -> InlineKeyboardMarkup:
    return keyboard(*[buttons[i : i + per_row] for i in range(0, len(buttons), per_row)])


async def say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    """Send a new message to the chat the update came from."""
    chat = update.effective_chat
    assert chat is not None
    return await chat.send_message(text, reply_markup=markup)


async def show(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | bool:
    """Answer a button tap by replacing the message it sits on; else send a new one."""
    query = update.callback_query
    if query is not None and query.message is not None and query.message.is_accessible:
        try:
            return await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as error:
            if "not modified" in str(error):
                return True
            if "not found" not in str(error) and "can't be edited" not in str(error):
                raise
    return await say(update, text, markup)


async def acknowledge(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Answer the button tap (Telegram shows a spinner until we do)."""
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=alert)


async def tell(update: Update, text: str) -> None:
    """A short word in answer to whatever came: an alert on a tapped button, a message
    after text or a command."""
    if update.callback_query is not None:
        await acknowledge(update, text, alert=True)
    else:
        await say(update, text)
