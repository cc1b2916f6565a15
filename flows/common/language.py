"""/language: pick the language the bot writes in (also before registering)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.callbacks import InvalidCallbackData
from bot.commands import publish_person_commands
from bot.context import DRAFT_LANGUAGE, KansrijkContext
from bot.i18n import native_name
from flows.common.callbacks import ChooseLanguage
from flows.common.home import show_home
from flows.common.ui import acknowledge, grid, show


def language_keyboard(context: KansrijkContext):
    return grid(
        [
            (native_name(language), ChooseLanguage(language))
            for language in context.state.catalogs.languages
        ]
    )


async def ask_language(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await show(update, _("Which language do you want me to use?"), language_keyboard(context))


async def language_chosen(update: Update, context: KansrijkContext) -> None:
    try:
        choice = ChooseLanguage.unpack(update.callback_query.data)
    except InvalidCallbackData:
        await acknowledge(update)
        return
    if choice.language not in context.state.catalogs.languages:
        await acknowledge(update)
        await ask_language(update, context)
        return
    context.t = context.state.catalogs.get(choice.language)
    person = context.person
    if person is None:
        context.user_data[DRAFT_LANGUAGE] = choice.language
    else:
        await context.services.people.set_language(person.id, choice.language)
        await publish_person_commands(context.bot, person, context.t)
    _ = context.t.gettext
    await acknowledge(update, _("From now on I will write in English."))
    await show_home(update, context)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("language", ask_language, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(language_chosen, pattern=ChooseLanguage.matches),
    ]
