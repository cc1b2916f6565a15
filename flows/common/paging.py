"""Long lists a page at a time: a phone shows about eight buttons without scrolling, and
Telegram takes at most 100 buttons a message.

A screen with a list keeps a ``page: int = 0`` field in the callback data of the button
that opens it (left out of the data while it is 0, see ``bot.callbacks``), and turns the
page with that same button::

    markup, status = paged(context.t, buttons, data.page, lambda n: BuddyMenu(LOGS, n),
                           after=[back_to_menu(context)])
    await show(update, with_status(text, status), markup)

A page number past the end (items went away since the button was sent) shows the last
page; a negative one the first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.i18n import Translator
from flows.common.ui import keyboard

PAGE_SIZE = 8

T = TypeVar("T")
Button = tuple[str, CallbackData]
ToPage = Callable[[int], CallbackData]


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]  # what this page shows
    number: int  # counted from 0, always one of the pages
    count: int  # how many pages there are (at least one)
    start: int  # the position of the page's first item in the whole list

    def status(self, t: Translator) -> str:
        """The line "Page 2 of 4"; nothing when everything fits on one page."""
        if self.count == 1:
            return ""
        return t.gettext("Page {page} of {pages}").format(page=self.number + 1, pages=self.count)

    def turns(self, t: Translator, to_page: ToPage) -> list[Button]:
        """The row that turns the page: "‹ Previous" and "Next ›", those that apply."""
        row = []
        if self.number > 0:
            row.append((t.gettext("‹ Previous"), to_page(self.number - 1)))
        if self.number < self.count - 1:
            row.append((t.gettext("Next ›"), to_page(self.number + 1)))
        return row

    def markup(
        self,
        t: Translator,
        buttons: Sequence[Button],
        to_page: ToPage,
        after: Sequence[Button] = (),
    ) -> InlineKeyboardMarkup:
        """``buttons`` (this page's) one a row, the row that turns the page, then
        ``after`` one a row (the way back)."""
        return keyboard(*[[b] for b in buttons], self.turns(t, to_page), *[[b] for b in after])


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page ``number`` (from 0) of ``items``, ``size`` a page; out of range: the nearest."""
    count = max(1, -(-len(items) // size))
    number = min(max(number, 0), count - 1)
    start = number * size
    return Page(items=items[start : start + size], number=number, count=count, start=start)


def paged(
    t: Translator,
    buttons: Sequence[Button],
    number: int,
    to_page: ToPage,
    *,
    after: Sequence[Button] = (),
    size: int = PAGE_SIZE,
) -> tuple[InlineKeyboardMarkup, str]:
    """The keyboard of page ``number`` of ``buttons`` (see ``Page.markup``) and its
    status line for the text (see ``with_status``)."""
    page = page_of(buttons, number, size)
    return page.markup(t, page.items, to_page, after), page.status(t)


def with_status(text: str, status: str) -> str:
    """The screen's text with the page's status line under it (if there is one)."""
    return f"{text}\n\n<i>{status}</i>" if status else text


def tapped_page(update: Update, data_class: type[CallbackData]) -> int:
    """The page the tapped ``data_class`` button asks for; 0 after a command (or data
    that does not decode)."""
    query = update.callback_query
    try:
        return int(getattr(data_class.unpack(query.data if query else None), "page", 0))
    except InvalidCallbackData:
        return 0
