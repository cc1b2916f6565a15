"""Becoming a buddy, by invitation only: /start buddy_<code> from a coordinator's
one-time link, then name, languages, neighbourhoods and availability. The invite is
checked at the start (a used, expired or unknown link is refused clearly) and used up
only when the registration completes, so an unfinished one does not burn the link."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import InvalidCallbackData
from bot.commands import publish_person_commands
from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator, native_name
from domain.buddies import DISPLAY_NAME_MAX_LENGTH, SPOKEN_LANGUAGES, Availability, BuddyProfile
from domain.errors import InvalidInput, NotAllowed
from domain.invites import (
    INVITE_VALIDITY,
    InviteError,
    InviteExpired,
    InviteKind,
    InviteUsed,
)
from domain.outbox import OutboxItem
from flows.buddy.callbacks import (
    ConfirmRegistration,
    RegistrationStep,
    ToggleChoice,
    UseTelegramName,
)
from flows.buddy.home import show_buddy_home
from flows.buddy.texts import AVAILABILITY_LABELS, checked
from flows.common.conversation import draft, drop_draft
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks
from flows.common.home import show_home
from flows.common.ui import acknowledge, column, esc, grid, keyboard, say, show
from services.buddies import BUDDY_REGISTERED
from services.invites import LINK_PREFIXES

CONVERSATION = "buddy_registration"
DRAFT = "buddy_registration"
PAYLOAD_PREFIX = LINK_PREFIXES[InviteKind.BUDDY]


class RegistrationState(StrEnum):
    NAME = "name"
    LANGUAGES = "languages"
    NEIGHBOURHOODS = "hoods"
    AVAILABILITY = "availability"
    CONFIRM = "confirm"


def _answers(context: KansrijkContext) -> dict[str, Any]:
    """invite_id, municipality, name, languages, hoods, availability."""
    return draft(context, DRAFT)


async def start_registration(update: Update, context: KansrijkContext) -> object:
    _ = context.t.gettext
    drop_draft(context, DRAFT)
    if context.person is not None:
        await say(
            update,
            _(
                "You are already registered with Kansrijk, so this invite link is not for you."
                " If you think this is a mistake, ask the coordinator who sent it."
            ),
        )
        await show_home(update, context)
        return ConversationHandler.END
    payload = context.args[0] if context.args else ""
    try:
        invite = await context.services.invites.check(
            InviteKind.BUDDY, payload.removeprefix(PAYLOAD_PREFIX)
        )
    except InviteError as error:
        await say(update, _invite_problem(context.t, error))
        return ConversationHandler.END
    _answers(context).update(invite_id=invite.id, municipality=invite.municipality)
    municipality = context.settings.municipality_name(invite.municipality)
    await say(
        update,
        _(
            "👋 Welcome! You are invited to become a Kansrijk buddy in {municipality}. Four"
            " short questions and you are ready."
        ).format(municipality=esc(municipality)),
    )
    return await _ask_name(update, context, new_message=True)


def _invite_problem(t: Translator, error: InviteError) -> str:
    _ = t.gettext
    if isinstance(error, InviteUsed):
        return _(
            "This invite link has been used already: each link works only once. Please ask"
            " your coordinator for a new link."
        )
    if isinstance(error, InviteExpired):
        return _(
            "This invite link has expired: links work for {days} days. Please ask your"
            " coordinator for a new link."
        ).format(days=INVITE_VALIDITY.days)
    return _(
        "This invite link does not work. Please check that you opened the whole link, or ask"
        " your coordinator for a new one."
    )


async def _ask_name(
    update: Update, context: KansrijkContext, *, new_message: bool = False, notice: str = ""
) -> object:
    _ = context.t.gettext
    text = _(
        "What name should families and coordinators see? Your first name is enough (at most"
        " {limit} characters). Type it below."
    ).format(limit=DISPLAY_NAME_MAX_LENGTH)
    telegram_name = _telegram_name(update)
    markup = (
        column([(_("Use “{name}”").format(name=telegram_name), UseTelegramName())])
        if telegram_name
        else None
    )
    await (say if new_message else show)(update, f"{notice}\n\n{text}".strip(), markup)
    return RegistrationState.NAME


def _telegram_name(update: Update) -> str | None:
    user = update.effective_user
    name = (user.first_name or "").strip() if user else ""
    return name if name and len(name) <= DISPLAY_NAME_MAX_LENGTH else None


async def on_name_text(update: Update, context: KansrijkContext) -> object:
    _ = context.t.gettext
    name = (update.message.text or "").strip()
    if not name or len(name) > DISPLAY_NAME_MAX_LENGTH or "\n" in name:
        notice = _("Please type a name of at most {limit} characters, on one line.").format(
            limit=DISPLAY_NAME_MAX_LENGTH
        )
        return await _ask_name(update, context, new_message=True, notice=notice)
    return await _name_chosen(update, context, name, new_message=True)


async def on_telegram_name(update: Update, context: KansrijkContext) -> object:
    await acknowledge(update)
    name = _telegram_name(update)
    if name is None:
        return await _ask_name(update, context)
    return await _name_chosen(update, context, name)


async def _name_chosen(
    update: Update, context: KansrijkContext, name: str, *, new_message: bool = False
) -> object:
    answers = _answers(context)
    answers["name"] = name
    answers.setdefault("languages", [context.t.language])
    return await _ask(update, context, RegistrationState.LANGUAGES, new_message=new_message)


def _choices(context: KansrijkContext, step: RegistrationStep) -> list[tuple[str, str]]:
    """(value, label) of what can be ticked at ``step``."""
    _ = context.t.gettext
    if step is RegistrationStep.LANGUAGES:
        return [(code, native_name(code)) for code in SPOKEN_LANGUAGES]
    if step is RegistrationStep.NEIGHBOURHOODS:
        municipality = context.settings.municipality(_answers(context).get("municipality", ""))
        hoods = municipality.neighbourhoods if municipality else ()
        return [(hood.slug, hood.name) for hood in hoods]
    return [(value.value, _(AVAILABILITY_LABELS[value])) for value in Availability]


_STEP_OF_STATE = {
    RegistrationState.LANGUAGES: RegistrationStep.LANGUAGES,
    RegistrationState.NEIGHBOURHOODS: RegistrationStep.NEIGHBOURHOODS,
    RegistrationState.AVAILABILITY: RegistrationStep.AVAILABILITY,
}
_STATE_OF_STEP = {step: state for state, step in _STEP_OF_STATE.items()}
_NEXT = {
    RegistrationStep.LANGUAGES: RegistrationState.NEIGHBOURHOODS,
    RegistrationStep.NEIGHBOURHOODS: RegistrationState.AVAILABILITY,
    RegistrationStep.AVAILABILITY: RegistrationState.CONFIRM,
}


def _question(context: KansrijkContext, step: RegistrationStep) -> str:
    _ = context.t.gettext
    if step is RegistrationStep.LANGUAGES:
        return _("Which languages do you speak? Tap all that apply, then tap Done.")
    if step is RegistrationStep.NEIGHBOURHOODS:
        return _(
            "In which neighbourhoods can you support families? Tap all that apply, then tap Done."
        )
    return _("When are you usually available? Tap all that apply, then tap Done.")


def _toggle_keyboard(context: KansrijkContext, step: RegistrationStep) -> InlineKeyboardMarkup:
    _ = context.t.gettext
    chosen = set(_answers(context).get(step.value, []))
    buttons = [
        (checked(label, value in chosen), ToggleChoice(step, value))
        for value, label in _choices(context, step)
    ]
    rows = grid(buttons).inline_keyboard
    done = keyboard([(_("Done ➜"), ToggleChoice(step, None))]).inline_keyboard
    return InlineKeyboardMarkup([*rows, *done])


async def _ask(
    update: Update,
    context: KansrijkContext,
    state: RegistrationState,
    *,
    new_message: bool = False,
    notice: str = "",
) -> object:
    """Ask the question of ``state``; a municipality without neighbourhoods skips that
    question."""
    if state is RegistrationState.NEIGHBOURHOODS and not _choices(
        context, RegistrationStep.NEIGHBOURHOODS
    ):
        state = RegistrationState.AVAILABILITY
    if state is RegistrationState.CONFIRM:
        return await _ask_confirmation(update, context, new_message=new_message, notice=notice)
    step = _STEP_OF_STATE[state]
    text = f"{notice}\n\n{_question(context, step)}".strip()
    await (say if new_message else show)(update, text, _toggle_keyboard(context, step))
    return state


async def on_toggle(update: Update, context: KansrijkContext) -> object:
    _ = context.t.gettext
    try:
        data = ToggleChoice.unpack(update.callback_query.data)
    except InvalidCallbackData:
        await acknowledge(update)
        return None
    state = _STATE_OF_STEP[data.step]
    chosen: list[str] = _answers(context).setdefault(data.step.value, [])
    if data.value is None:
        if not chosen:
            await acknowledge(update, _("Please choose at least one."), alert=True)
            return state
        await acknowledge(update)
        return await _ask(update, context, _NEXT[data.step])
    await acknowledge(update)
    if data.value not in {value for value, _label in _choices(context, data.step)}:
        return await _ask(update, context, state)
    if data.value in chosen:
        chosen.remove(data.value)
    else:
        chosen.append(data.value)
    return await _ask(update, context, state)


def _profile(context: KansrijkContext) -> BuddyProfile:
    answers = _answers(context)
    return BuddyProfile(
        display_name=str(answers.get("name", "")),
        languages=tuple(answers.get(RegistrationStep.LANGUAGES.value, [])),
        neighbourhoods=tuple(answers.get(RegistrationStep.NEIGHBOURHOODS.value, [])),
        availability=tuple(
            Availability(value) for value in answers.get(RegistrationStep.AVAILABILITY.value, [])
        ),
    )


async def _ask_confirmation(
    update: Update, context: KansrijkContext, *, new_message: bool = False, notice: str = ""
) -> object:
    _ = context.t.gettext
    profile = _profile(context)
    municipality = _answers(context).get("municipality", "")
    hood_names = dict(_choices(context, RegistrationStep.NEIGHBOURHOODS))
    lines = [
        _("<b>Is this right?</b>"),
        _("Name: {name}").format(name=esc(profile.display_name)),
        _("Municipality: {municipality}").format(
            municipality=esc(context.settings.municipality_name(municipality))
        ),
        _("Languages: {languages}").format(
            languages=", ".join(native_name(code) for code in profile.languages)
        ),
    ]
    if profile.neighbourhoods:
        lines.append(
            _("Neighbourhoods: {neighbourhoods}").format(
                neighbourhoods=esc(", ".join(hood_names.get(h, h) for h in profile.neighbourhoods))
            )
        )
    lines.append(
        _("Available: {availability}").format(
            availability=", ".join(_(AVAILABILITY_LABELS[a]) for a in profile.availability)
        )
    )
    if notice:
        lines = [notice, "", *lines]
    await (say if new_message else show)(
        update,
        "\n".join(lines),
        column(
            [
                (_("✅ Yes, register me"), ConfirmRegistration(True)),
                (_("✏️ No, start again"), ConfirmRegistration(False)),
            ]
        ),
    )
    return RegistrationState.CONFIRM


async def on_confirm(update: Update, context: KansrijkContext) -> object:
    _ = context.t.gettext
    try:
        confirmed = ConfirmRegistration.unpack(update.callback_query.data).confirmed
    except InvalidCallbackData:
        confirmed = False
    await acknowledge(update)
    answers = _answers(context)
    if not confirmed:
        invite = {key: answers[key] for key in ("invite_id", "municipality") if key in answers}
        drop_draft(context, DRAFT)
        _answers(context).update(invite)
        return await _ask_name(update, context)
    user = update.effective_user
    try:
        buddy = await context.services.buddies.register(
            invite_id=int(answers.get("invite_id", 0)),
            telegram_id=user.id,
            language=context.t.language,
            profile=_profile(context),
        )
    except InviteError as error:
        drop_draft(context, DRAFT)
        await show(update, _invite_problem(context.t, error))
        return ConversationHandler.END
    except NotAllowed:
        drop_draft(context, DRAFT)
        await show(update, _("You are already registered with Kansrijk."))
        return ConversationHandler.END
    except InvalidInput:
        return await _ask_name(
            update, context, notice=_("Something in your answers does not fit. Let us try again.")
        )
    drop_draft(context, DRAFT)
    person = await context.services.people.identify(user.id)
    assert person is not None
    context.person = person
    await publish_person_commands(context.bot, person, context.t)
    await show(
        update,
        _(
            "🎉 Welcome, {name}! You are now a buddy in {municipality}. Your coordinator will"
            " match you with a family; you will get a message here."
        ).format(
            name=esc(buddy.display_name),
            municipality=esc(context.settings.municipality_name(buddy.municipality)),
        ),
    )
    await show_buddy_home(update, context, new_message=True)
    return ConversationHandler.END


def _repeat_for(state: RegistrationState):
    async def again(update: Update, context: KansrijkContext) -> object:
        _ = context.t.gettext
        return await _ask(
            update, context, state, new_message=True, notice=_("Please tap the buttons.")
        )

    return again


@renderer(BUDDY_REGISTERED)
async def render_registered(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    """Tells the coordinator who made the invite that it was used."""
    _ = t.gettext
    buddy = await state.services.buddies.get(int(item.payload["buddy_id"]))
    if buddy is None:
        return None
    return Rendered(
        _(
            "👋 {name} registered as a buddy in {municipality} with your invite link. They can"
            " now be matched with a family."
        ).format(
            name=esc(buddy.display_name),
            municipality=esc(state.settings.municipality_name(buddy.municipality)),
        )
    )


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            allow_reentry=True,
            entry_points=[
                CommandHandler(
                    "start",
                    start_registration,
                    filters=filters.Regex(rf"^/start {PAYLOAD_PREFIX}")
                    & filters.UpdateType.MESSAGE,
                )
            ],
            states={
                RegistrationState.NAME: [
                    MessageHandler(PLAIN_TEXT, on_name_text),
                    CallbackQueryHandler(on_telegram_name, pattern=UseTelegramName.matches),
                ],
                **{
                    state: [
                        CallbackQueryHandler(on_toggle, pattern=ToggleChoice.matches),
                        MessageHandler(PLAIN_TEXT, _repeat_for(state)),
                    ]
                    for state in _STEP_OF_STATE
                },
                RegistrationState.CONFIRM: [
                    CallbackQueryHandler(on_confirm, pattern=ConfirmRegistration.matches),
                    MessageHandler(PLAIN_TEXT, _repeat_for(RegistrationState.CONFIRM)),
                ],
            },
            fallbacks=conversation_fallbacks(),
        )
    ]
