"""Small texts every scheduled message shares, and the answer to a tap on its buttons."""

from __future__ import annotations

from telegram import Update

from bot.context import KansrijkContext
from bot.i18n import Translator
from flows.common.ui import acknowledge, esc


def greeting(t: Translator, first_name: str | None) -> str:
    _ = t.gettext
    return _("Hi {name}!").format(name=esc(first_name)) if first_name else _("Hi!")


def already_answered(t: Translator) -> str:
    return t.gettext("You answered this one already. Thank you!")


async def answer_tap(update: Update, context: KansrijkContext, first: bool) -> bool:
    """Answer the tap on a scheduled question's button. An answer given before only
    hears so (the first one counts); returns whether this answer was the first."""
    if not first:
        await acknowledge(update, already_answered(context.t))
        return False
    await acknowledge(update)
    return True


def your_answer(t: Translator, question: str, answer: object) -> str:
    """A question with the buttons replaced by the answer given."""
    return question + "\n" + t.gettext("Your answer: {answer}").format(answer=esc(answer))
