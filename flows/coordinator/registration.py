"""Registering as a coordinator with a one-time invite link (``/start coord_<code>``):
check the invite, ask the name colleagues will see, register, show the menu."""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler, filters

from bot.commands import publish_person_commands
from bot.context import KansrijkContext
from domain.errors import DomainError, NotAllowed
from domain.invites import InviteExpired, InviteUsed
from flows.common.conversation import draft, drop_draft, leave_for_other_flows
from flows.common.fallbacks import conversation_fallbacks
from flows.common.home import show_home
from flows.common.ui import column, esc, say
from flows.coordinator.callbacks import Pick
from flows.coordinator.home import show_coordinator_home
from flows.coordinator.steps import text_step
from services.coordinators import NAME_MAX

CONVERSATION = "coordinator_registration"
DRAFT = "coordinator_registration"
PAYLOAD_PREFIX = "coord_"
USE_TELEGRAM_NAME = "telegram"


class Step(StrEnum):
    NAME = "name"


async def ask(update: Update, context: KansrijkContext, step: Step) -> Step:
    _ = context.t.gettext
    telegram_name = update.effective_user.first_name if update.effective_user else ""
    await say(
        update,
        _("What name should colleagues see? Write it, or use your Telegram name."),
        column(
            [
                (
                    _("Use “{name}”").format(name=telegram_name[:NAME_MAX]),
                    Pick(Step.NAME, USE_TELEGRAM_NAME),
                )
            ]
        ),
    )
    return step


async def begin(update: Update, context: KansrijkContext) -> Step | int:
    _ = context.t.gettext
    payload = context.args[0] if context.args else ""
    code = payload.removeprefix(PAYLOAD_PREFIX)
    if context.person is not None:
        await say(update, _("You are registered already, so this invite link was not used."))
        await show_home(update, context)
        return ConversationHandler.END
    try:
        invite = await context.services.coordinators.check_invite(code)
    except InviteUsed:
        await say(update, _("This invite link has been used already. Please ask for a new one."))
        return ConversationHandler.END
    except InviteExpired:
        await say(update, _("This invite link has expired. Please ask for a new one."))
        return ConversationHandler.END
    except DomainError:
        await say(
            update, _("This invite link does not work. Please check it, or ask for a new one.")
        )
        return ConversationHandler.END
    draft(context, DRAFT)["invite_id"] = invite.id
    area = (
        esc(context.settings.municipality_name(invite.municipality))
        if invite.municipality
        else _("the whole province")
    )
    await say(
        update,
        _("Welcome! You have been invited as a Kansrijke Start coordinator for {area}.").format(
            area=area
        ),
    )
    return await ask(update, context, Step.NAME)


async def name_written(update: Update, context: KansrijkContext) -> Step | int:
    _ = context.t.gettext
    name = " ".join((update.message.text or "").split())
    if len(name) > NAME_MAX:
        await say(
            update,
            _("Please use a shorter name, at most {limit} characters.").format(limit=NAME_MAX),
        )
        return Step.NAME
    return await _register(update, context, name)


async def _pick_name(update: Update, context: KansrijkContext, value: str | None) -> Step | int:
    if value != USE_TELEGRAM_NAME or update.effective_user is None:
        return await ask(update, context, Step.NAME)
    return await _register(update, context, update.effective_user.first_name[:NAME_MAX])


async def _register(update: Update, context: KansrijkContext, name: str) -> int:
    _ = context.t.gettext
    invite_id = draft(context, DRAFT).get("invite_id")
    drop_draft(context, DRAFT)
    if invite_id is None or update.effective_user is None:
        return ConversationHandler.END
    try:
        coordinator = await context.services.coordinators.register(
            invite_id=invite_id,
            telegram_id=update.effective_user.id,
            display_name=name,
            language=context.t.language,
        )
    except NotAllowed:
        await say(update, _("You are registered already, so this invite link was not used."))
        return ConversationHandler.END
    except DomainError:
        await say(update, _("This invite link can no longer be used. Please ask for a new one."))
        return ConversationHandler.END
    context.person = await context.services.people.identify(coordinator.telegram_id)
    if context.person is not None:
        await publish_person_commands(context.bot, context.person, context.t)
    await say(
        update, _("Thank you, {name}. You are registered as a coordinator.").format(name=esc(name))
    )
    await show_coordinator_home(update, context, fresh=True)
    return ConversationHandler.END


PICKS = {Step.NAME: _pick_name}


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            entry_points=[
                CommandHandler(
                    "start",
                    begin,
                    filters=filters.UpdateType.MESSAGE
                    & filters.Regex(rf"^/start {PAYLOAD_PREFIX}"),
                )
            ],
            states={Step.NAME: text_step(Step.NAME, name_written, ask, PICKS)},
            fallbacks=[*leave_for_other_flows(CONVERSATION, DRAFT), *conversation_fallbacks()],
        )
    ]
