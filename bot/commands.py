"""The command menu Telegram shows: per language for everyone, per chat for a role."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.i18n import N_, Catalogs, Translator
from domain.people import Person, Role

log = logging.getLogger(__name__)

EVERYONE = [
    ("start", N_("Open the menu")),
    ("help", N_("What can this bot do?")),
    ("language", N_("Choose your language")),
    ("cancel", N_("Stop what you are doing")),
]

ROLE_COMMANDS: dict[Role, list[tuple[str, str]]] = {
    Role.PARENT: [],
    Role.BUDDY: [
        ("families", N_("My families")),
        ("log", N_("Log a contact")),
    ],
    Role.COORDINATOR: [
        ("signals", N_("Open signals")),
        ("waiting", N_("Families waiting for a buddy")),
        ("broadcast", N_("Send a message to a group")),
        ("invite", N_("Invite links and referral links")),
        ("report", N_("Report with the numbers")),
        ("audit", N_("Who opened which family")),
    ],
}


def commands_for(role: Role | None, translator: Translator) -> list[BotCommand]:
    entries = EVERYONE[:1] + (ROLE_COMMANDS[role] if role else []) + EVERYONE[1:]
    return [BotCommand(name, translator.gettext(description)) for name, description in entries]


async def publish_default_commands(bot: Bot, catalogs: Catalogs) -> None:
    """The menu of people without a role, in every shipped language (Dutch as fallback)."""
    await bot.set_my_commands(
        commands_for(None, catalogs.get("nl")), scope=BotCommandScopeDefault()
    )
    for language in catalogs.languages:
        await bot.set_my_commands(
            commands_for(None, catalogs.get(language)),
            scope=BotCommandScopeDefault(),
            language_code=language,
        )


async def publish_person_commands(bot: Bot, person: Person, translator: Translator) -> None:
    """The menu of one person: their role's commands in their language."""
    try:
        await bot.set_my_commands(
            commands_for(person.role, translator),
            scope=BotCommandScopeChat(person.telegram_id),
        )
    except TelegramError:
        # A menu that could not be set is cosmetic; the commands still work.
        log.warning("could not set commands for person %s", person.id, exc_info=True)
