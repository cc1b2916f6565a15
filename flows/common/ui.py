"""Small rendering helpers shared by every flow."""

from __future__ import annotations

import html
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.callbacks import CallbackData
from bot.i18n import Translator
from bot.taps import answer_tap
from domain.buddies import month_bounds

Row = Sequence[tuple[str, CallbackData]]

# Telegram refuses a text over 4,096 characters (UTF-16 code units, counted after the HTML
# is parsed).
TELEGRAM_TEXT_LIMIT = 4096
# A list from the database fills at most this much of a message, measured on
# the HTML (which Telegram only counts shorter), leaving room for a header and a footer.
TEXT_BUDGET = 3500


# Why Telegram may refuse to edit the message a button sits on (then a new one is sent).
UNEDITABLE = ("not found", "can't be edited", "no text in the message to edit")


def month_name(t: Translator, month: str) -> str:
    """ "november 2026" for "2026-11", in the reader's language (stand-alone form)."""
    return t.date(month_bounds(month)[0], "LLLL yyyy")


def esc(text: object) -> str:
    """Escape anything a person wrote (or any value) for parse_mode HTML."""
    return html.escape(str(text), quote=False)


def text_length(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts (an emoji can count two)."""
    return len(text.encode("utf-16-le")) // 2


def fit(
    t: Translator, blocks: Sequence[str], *, separator: str = "\n", budget: int = TEXT_BUDGET
) -> str:
    """``blocks`` joined by ``separator``, whole and in order, as many as fit in ``budget``
    (see ``text_length``), then "… and 12 more" for those left out (within the budget
    too, unless even that line does not fit). Blocks are never cut, so neither is a tag
    or an entity in them: escape what people wrote (``esc``) before."""
    kept: list[str] = []
    used = -text_length(separator)
    for block in blocks:
        used += text_length(separator) + text_length(block)
        if used > budget:
            break
        kept.append(block)
    if len(kept) == len(blocks):
        return separator.join(kept)
    text = separator.join([*kept, _more(t, len(blocks) - len(kept))])
    while kept and text_length(text) > budget:
        kept.pop()
        text = separator.join([*kept, _more(t, len(blocks) - len(kept))])
    return text


def _more(t: Translator, count: int) -> str:
    return t.ngettext("… and {count} more", "… and {count} more", count).format(count=count)


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
            # Gone, too old, or a photo or file (a report's chart): send a new message.
            if not any(reason in str(error) for reason in UNEDITABLE):
                raise
    return await say(update, text, markup)


async def acknowledge(update: Update, text: str | None = None, alert: bool = False) -> bool:
    """Answer the button tap (Telegram shows a spinner until we do). False when there is
    no tap, or it came too late to answer (made while the bot was away)."""
    if update.callback_query is None:
        return False
    return await answer_tap(update.callback_query, text, alert)


async def tell(update: Update, text: str) -> None:
    """A short word in answer to whatever came: an alert on a tapped button, a message
    after text or a command (and after a tap too late for an alert)."""
    if not await acknowledge(update, text, alert=True):
        await say(update, text)
