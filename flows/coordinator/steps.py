"""Step-by-step coordinator conversations: each question is a state; its buttons are
``Pick(step, value)``. A button of another question (an older message) or text where a
button was expected gets the current question again, so nothing is lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from enum import StrEnum
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler

from bot.callbacks import InvalidCallbackData
from bot.context import KansrijkContext
from domain.parents import Phase
from domain.settings import Municipality
from flows.common.fallbacks import PLAIN_TEXT
from flows.common.ui import acknowledge, column, keyboard, say
from flows.coordinator.callbacks import Pick
from flows.coordinator.common import PHASE_LABELS, language_name

Step = TypeVar("Step", bound=StrEnum)
Ask = Callable[[Update, KansrijkContext, Step], Awaitable[Step]]
Question = Callable[[Update, KansrijkContext], Awaitable[None]]
OnPick = Callable[[Update, KansrijkContext, str | None], Awaitable[Step | int]]
Handler = Callable[[Update, KansrijkContext], Awaitable[Step | int]]


def asker(questions: Mapping[Step, Question]) -> Ask[Step]:
    """A conversation's ``ask``: put the question of ``step`` (again) and return ``step``
    as the conversation's state."""

    async def ask(update: Update, context: KansrijkContext, step: Step) -> Step:
        await questions[step](update, context)
        return step

    return ask


def on_pick(step: Step, ask: Ask[Step], picks: Mapping[Step, OnPick[Step]]) -> Handler[Step]:
    async def picked(update: Update, context: KansrijkContext) -> Step | int:
        await acknowledge(update)
        try:
            pick = Pick.unpack(update.callback_query.data)
        except InvalidCallbackData:
            return await ask(update, context, step)
        handler = picks.get(step)
        if pick.step != step or handler is None:
            return await ask(update, context, step)
        return await handler(update, context, pick.value)

    return picked


def ask_again(step: Step, ask: Ask[Step]) -> Handler[Step]:
    async def again(update: Update, context: KansrijkContext) -> Step:
        _ = context.t.gettext
        await say(update, _("Please tap one of the buttons."))
        return await ask(update, context, step)

    return again


def pick_handler(step: Step, ask: Ask[Step], picks: Mapping[Step, OnPick[Step]]) -> BaseHandler:
    return CallbackQueryHandler(on_pick(step, ask, picks), pattern=Pick.matches)


def text_step(
    step: Step, on_text: Handler[Step], ask: Ask[Step], picks: Mapping[Step, OnPick[Step]]
) -> list[BaseHandler]:
    """A question answered by typing (it may have buttons too, such as "Skip")."""
    return [MessageHandler(PLAIN_TEXT, on_text), pick_handler(step, ask, picks)]


def buttons_step(
    step: Step, ask: Ask[Step], picks: Mapping[Step, OnPick[Step]]
) -> list[BaseHandler]:
    """A question answered with its buttons only."""
    return [pick_handler(step, ask, picks), MessageHandler(PLAIN_TEXT, ask_again(step, ask))]


# --- the audience questions both activities and broadcasts ask ------------------------


def _rows(buttons: list[tuple[str, Pick]], per_row: int) -> list[list[tuple[str, Pick]]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def municipality_buttons(
    context: KansrijkContext, step: StrEnum, *, everywhere: bool
) -> InlineKeyboardMarkup:
    """The municipalities, two per row; ``everywhere`` adds "The whole province" first."""
    _ = context.t.gettext
    first = [[(_("The whole province"), Pick(step, None))]] if everywhere else []
    options = [(m.name, Pick(step, m.slug)) for m in context.settings.municipalities]
    return keyboard(*first, *_rows(options, 2))


def neighbourhood_buttons(
    context: KansrijkContext, step: StrEnum, municipality: Municipality
) -> InlineKeyboardMarkup:
    _ = context.t.gettext
    options = [(hood.name, Pick(step, hood.slug)) for hood in municipality.neighbourhoods]
    everyone = (_("All of {municipality}").format(municipality=municipality.name), Pick(step, None))
    return keyboard([everyone], *_rows(options, 2))


def phase_buttons(context: KansrijkContext, step: StrEnum) -> InlineKeyboardMarkup:
    _ = context.t.gettext
    options = [
        (_(PHASE_LABELS[phase]), Pick(step, phase.value))
        for phase in (Phase.WISH, Phase.PREGNANT, Phase.BABY)
    ]
    return column([(_("All phases"), Pick(step, None)), *options])


def language_buttons(context: KansrijkContext, step: StrEnum) -> InlineKeyboardMarkup:
    _ = context.t.gettext
    options = [
        (language_name(language), Pick(step, language))
        for language in context.state.catalogs.languages
    ]
    return keyboard([(_("Every language"), Pick(step, None))], *_rows(options, 3))
