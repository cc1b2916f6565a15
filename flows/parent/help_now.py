"""Help now: the national numbers, the municipality's help directory, and a button for
"I want a professional to contact me" (an urgent signal for the coordinators)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import KansrijkContext
from bot.i18n import Catalogs, Translator
from domain.settings import HelpEntry, Settings, SettingsError
from flows.common.ui import TELEGRAM_TEXT_LIMIT, acknowledge, column, esc, show, text_length
from flows.parent.callbacks import ContactMe
from flows.parent.guard import current_parent, decodes, menu_button


async def show_help_now(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    await show(
        update,
        help_text(context.t, context.settings, parent.municipality),
        column(
            [
                (_("🙋 I want a professional to contact me"), ContactMe()),
                menu_button(context.t),
            ]
        ),
    )


def help_text(t: Translator, settings: Settings, municipality_slug: str | None) -> str:
    """The whole screen: never cut, so :func:`check_help_fits` checks at start that it
    fits one message for every municipality and language."""
    _ = t.gettext
    municipality = settings.municipality(municipality_slug) if municipality_slug else None
    parts = [
        _("<b>Help now</b>"),
        _("Are you or your child in danger? Call 112 now."),
        "\n\n".join(_entry(t, entry) for entry in settings.national_help),
    ]
    if municipality is not None and municipality.help:
        parts.append(_("<b>In {municipality}</b>").format(municipality=esc(municipality.name)))
        parts.append("\n\n".join(_entry(t, entry) for entry in municipality.help))
    parts.append(_("Would you like someone to contact you? Tap the button."))
    return "\n\n".join(parts)


def check_help_fits(settings: Settings, catalogs: Catalogs) -> None:
    """SettingsError when a help screen would be too long for one Telegram message: a
    parent looking for help must never get an error instead."""
    for language in catalogs.languages:
        for municipality in settings.municipalities:
            length = text_length(help_text(catalogs.get(language), settings, municipality.slug))
            if length > TELEGRAM_TEXT_LIMIT:
                raise SettingsError(
                    f"the help screen for {municipality.slug} in {language} is {length}"
                    f" characters, over Telegram's {TELEGRAM_TEXT_LIMIT}: shorten the help entries'"
                    " descriptions in the settings file"
                )


def _entry(t: Translator, entry: HelpEntry) -> str:
    """Name and number on one line, what it is for on the next. Example entries of the
    settings file (not yet replaced by the real local service) say so."""
    _ = t.gettext
    name = f"<b>{esc(entry.name)}</b>"
    if entry.example:
        name += " " + _("(example)")
    reach = " · ".join(esc(value) for value in (entry.phone, entry.url) if value)
    lines = [f"{name}: {reach}"]
    description = entry.description_in(t.language)
    if description:
        lines.append(esc(description))
    return "\n".join(lines)


async def contact_me(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    request = await context.services.parents.ask_professional_contact(parent.person_id)
    await acknowledge(update)
    municipality = esc(context.settings.municipality_name(parent.municipality))
    if request.already_asked:
        text = _(
            "You already asked for this. A coordinator of {municipality} will contact you soon."
        ).format(municipality=municipality)
    else:
        text = _(
            "Thank you for telling us. A coordinator of {municipality} will contact you within"
            " one working day."
        ).format(municipality=municipality)
    text += "\n\n" + _("Are you or your child in danger? Call 112 now.")
    await show(update, text, column([menu_button(context.t)]))


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(contact_me, pattern=decodes(ContactMe))]
