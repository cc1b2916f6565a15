"""Small texts every scheduled message shares."""

from __future__ import annotations

from bot.i18n import Translator
from flows.common.ui import esc


def greeting(t: Translator, first_name: str | None) -> str:
    _ = t.gettext
    return _("Hi {name}!").format(name=esc(first_name)) if first_name else _("Hi!")


def already_answered(t: Translator) -> str:
    return t.gettext("You answered this one already. Thank you!")


def your_answer(t: Translator, question: str, answer: object) -> str:
    """A question with the buttons replaced by the answer given."""
    return question + "\n" + t.gettext("Your answer: {answer}").format(answer=esc(answer))
