"""Getting to know a new parent: language, what we do, consent, phase, date, place, name.

One question per message, buttons wherever possible. The answers are a small draft in
``user_data`` until the parent confirms the summary; only then is anything stored (with
the consents and the version of the texts they saw). Declining messages ends kindly with
nothing stored. The conversation is persistent: after a restart the parent continues at
the same step.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
)

from bot.callbacks import InvalidCallbackData
from bot.commands import publish_person_commands
from bot.context import DRAFT_LANGUAGE, KansrijkContext
from bot.i18n import native_name
from domain.consent import Purpose
from domain.dates import (
    DateRejected,
    due_date_from_weeks,
    parse_birth_date,
    parse_due_date,
    western_digits,
)
from domain.errors import InvalidInput
from domain.parents import Phase
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks
from flows.common.home import show_home
from flows.common.ui import acknowledge, esc, grid, show
from flows.parent.callbacks import (
    Onboarding,
    OnboardingChange,
    OnboardingChoice,
    OnboardingLanguage,
    OnboardingMunicipality,
    OnboardingNeighbourhood,
    SummaryField,
)
from flows.parent.date_questions import (
    DateQuestion,
    date_problem,
    weeks_problem,
)
from flows.parent.guard import decodes
from flows.parent.home import show_parent_home
from flows.parent.onboarding_questions import (
    CONSENT_TEXT_VERSION,
    DRAFT,
    Step,
    ask,
    day,
    first_unanswered,
    onboarding_draft,
    telegram_name,
)
from services.parents import FIRST_NAME_MAX, AlreadyRegistered, Registration

# ---------------------------------------------------------------- the welcome


async def welcome(update: Update, context: KansrijkContext, referral_code: str | None) -> None:
    """The first thing anyone new sees: who we are, and a choice of language."""
    _ = context.t.gettext
    referral_id = None
    if referral_code:
        link = await context.services.referrals.resolve(referral_code)
        referral_id = link.id if link else None
    buttons = [
        (native_name(language), OnboardingLanguage(language, referral_id))
        for language in context.state.catalogs.languages
    ]
    await show(
        update,
        _(
            "Hello! Welcome to Kansrijk. I help you and your child in the first 1000 days,"
            " together with a buddy: a trained volunteer who is there for you."
        )
        + "\n\n"
        + _("Which language do you want? Tap a button."),
        grid(buttons),
    )


async def language_chosen(update: Update, context: KansrijkContext) -> Step | int:
    try:
        choice = OnboardingLanguage.unpack(update.callback_query.data)
    except InvalidCallbackData:
        await acknowledge(update)
        return ConversationHandler.END
    await acknowledge(update)
    if context.person is not None:
        # An old welcome message, tapped after registering.
        await show_home(update, context)
        return ConversationHandler.END
    language = choice.language
    if language not in context.state.catalogs.languages:
        language = context.t.language
    context.user_data.clear()
    context.user_data[DRAFT_LANGUAGE] = language
    context.user_data[DRAFT] = {"referral_id": choice.referral_id, "consents": {}}
    context.t = context.state.catalogs.get(language)
    return await ask(Step.INTRO, update, context)


# ---------------------------------------------------------------- the answers

Handler = Callable[[Update, KansrijkContext], Awaitable[Step | int]]


def _choice(update: Update) -> OnboardingChoice | None:
    try:
        return Onboarding.unpack(update.callback_query.data).choice
    except InvalidCallbackData:
        return None


def _repeat(step: Step, *, tap_note: bool) -> Handler:
    """Text where a button was expected (``tap_note``: say so), or a button of an
    earlier step: ask the question again, with its buttons."""

    async def repeat(update: Update, context: KansrijkContext) -> Step:
        _ = context.t.gettext
        await acknowledge(update)
        note = _("Please tap one of the buttons.") if tap_note else None
        return await ask(step, update, context, note=note)

    return repeat


async def intro_read(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    if _choice(update) is not OnboardingChoice.CONTINUE:
        return await ask(Step.INTRO, update, context)
    return await ask(Step.CONSENT_MESSAGES, update, context)


async def messages_consent(update: Update, context: KansrijkContext) -> Step | int:
    await acknowledge(update)
    choice = _choice(update)
    if choice is OnboardingChoice.NO:
        _ = context.t.gettext
        language = context.user_data.get(DRAFT_LANGUAGE)
        context.user_data.clear()
        context.user_data[DRAFT_LANGUAGE] = language
        await show(
            update,
            _(
                "That is okay. Without messages I cannot help you, so I have not stored"
                " anything about you.\n\nDid you change your mind? Type /start."
            ),
        )
        return ConversationHandler.END
    if choice is not OnboardingChoice.YES:
        return await ask(Step.CONSENT_MESSAGES, update, context)
    onboarding_draft(context)["consents"][Purpose.MESSAGES.value] = True
    return await ask(Step.CONSENT_SHARE, update, context)


async def share_consent(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    choice = _choice(update)
    if choice not in (OnboardingChoice.YES, OnboardingChoice.NO):
        return await ask(Step.CONSENT_SHARE, update, context)
    onboarding_draft(context)["consents"][Purpose.SHARE_CHECKINS.value] = (
        choice is OnboardingChoice.YES
    )
    return await ask(Step.CONSENT_MONITORING, update, context)


async def monitoring_consent(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    choice = _choice(update)
    if choice not in (OnboardingChoice.YES, OnboardingChoice.NO):
        return await ask(Step.CONSENT_MONITORING, update, context)
    draft = onboarding_draft(context)
    draft["consents"][Purpose.MONITORING.value] = choice is OnboardingChoice.YES
    return await _ask_next(Step.PHASE, update, context)


async def phase_chosen(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    choice = _choice(update)
    draft = onboarding_draft(context)
    if choice is OnboardingChoice.WISH:
        draft.update(phase=Phase.WISH.value, due_date=None, birth_date=None)
        return await _ask_next(Step.MUNICIPALITY, update, context)
    if choice is OnboardingChoice.PREGNANT:
        return await ask(Step.DUE_DATE, update, context)
    if choice is OnboardingChoice.BABY:
        return await ask(Step.BIRTH_DATE, update, context)
    return await ask(Step.PHASE, update, context)


async def due_date_typed(update: Update, context: KansrijkContext) -> Step:
    today = context.services.parents.today()
    try:
        due = parse_due_date(update.message.text, context.t.language, today)
    except DateRejected as rejected:
        return await ask(
            Step.DUE_DATE, update, context, note=date_problem(context, rejected, DateQuestion.DUE)
        )
    onboarding_draft(context).update(
        phase=Phase.PREGNANT.value, due_date=due.isoformat(), birth_date=None
    )
    return await _ask_next(Step.MUNICIPALITY, update, context)


async def due_date_button(update: Update, context: KansrijkContext) -> Step:
    """ "I don't know the date" (or, after a due date long past, "My baby is born")."""
    await acknowledge(update)
    choice = _choice(update)
    if choice is OnboardingChoice.DATE_UNKNOWN:
        return await ask(Step.WEEKS, update, context)
    if choice is OnboardingChoice.BABY:
        return await ask(Step.BIRTH_DATE, update, context)
    return await ask(Step.DUE_DATE, update, context)


async def weeks_typed(update: Update, context: KansrijkContext) -> Step:
    _ = context.t.gettext
    text = western_digits(update.message.text.strip())
    try:
        due = due_date_from_weeks(int(text), context.services.parents.today())
    except (ValueError, DateRejected):
        return await ask(
            Step.WEEKS,
            update,
            context,
            note=weeks_problem(context),
        )
    onboarding_draft(context).update(
        phase=Phase.PREGNANT.value, due_date=due.isoformat(), birth_date=None
    )
    return await _ask_next(Step.MUNICIPALITY, update, context)


async def birth_date_typed(update: Update, context: KansrijkContext) -> Step:
    today = context.services.parents.today()
    try:
        born = parse_birth_date(update.message.text, context.t.language, today)
    except DateRejected as rejected:
        return await ask(
            Step.BIRTH_DATE,
            update,
            context,
            note=date_problem(context, rejected, DateQuestion.BIRTH),
        )
    onboarding_draft(context).update(
        phase=Phase.BABY.value, due_date=None, birth_date=born.isoformat()
    )
    return await _ask_next(Step.MUNICIPALITY, update, context)


async def _ask_next(step: Step, update: Update, context: KansrijkContext) -> Step:
    """Ask ``step``, the next question; back to the summary instead when the parent was
    changing one answer there."""
    if onboarding_draft(context).get("changing"):
        return await ask(Step.SUMMARY, update, context)
    return await ask(step, update, context)


async def municipality_chosen(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    municipality = context.settings.municipality(
        OnboardingMunicipality.unpack(update.callback_query.data).slug
    )
    if municipality is None:
        return await ask(Step.MUNICIPALITY, update, context)
    onboarding_draft(context).update(municipality=municipality.slug, neighbourhood=None)
    if municipality.neighbourhoods:
        return await ask(Step.NEIGHBOURHOOD, update, context)
    return await _ask_next(Step.NAME, update, context)


async def neighbourhood_chosen(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    slug = OnboardingNeighbourhood.unpack(update.callback_query.data).slug
    draft = onboarding_draft(context)
    municipality = context.settings.municipality(draft.get("municipality") or "")
    if municipality is None:
        return await ask(Step.MUNICIPALITY, update, context)
    if slug is not None and municipality.neighbourhood(slug) is None:
        return await ask(Step.NEIGHBOURHOOD, update, context)
    draft["neighbourhood"] = slug
    return await _ask_next(Step.NAME, update, context)


async def name_typed(update: Update, context: KansrijkContext) -> Step:
    _ = context.t.gettext
    name = " ".join(update.message.text.split())
    if len(name) > FIRST_NAME_MAX:
        return await ask(
            Step.NAME,
            update,
            context,
            note=_("That is a bit long. Please type only your first name."),
        )
    onboarding_draft(context)["first_name"] = name
    return await ask(Step.SUMMARY, update, context)


async def name_button(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    choice = _choice(update)
    draft = onboarding_draft(context)
    if choice is OnboardingChoice.USE_TELEGRAM_NAME:
        draft["first_name"] = telegram_name(update)
    elif choice is OnboardingChoice.SKIP:
        draft["first_name"] = None
    else:
        return await ask(Step.NAME, update, context)
    return await ask(Step.SUMMARY, update, context)


async def summary_answered(update: Update, context: KansrijkContext) -> Step | int:
    await acknowledge(update)
    choice = _choice(update)
    if choice is OnboardingChoice.CHANGE:
        return await ask(Step.CHANGE, update, context)
    if choice is not OnboardingChoice.CORRECT:
        return await ask(Step.SUMMARY, update, context)
    return await _register(update, context)


async def change_chosen(update: Update, context: KansrijkContext) -> Step:
    await acknowledge(update)
    field = OnboardingChange.unpack(update.callback_query.data).field
    onboarding_draft(context)["changing"] = True
    next_step = {
        SummaryField.PHASE: Step.PHASE,
        SummaryField.PLACE: Step.MUNICIPALITY,
        SummaryField.NAME: Step.NAME,
        SummaryField.CONSENTS: Step.CONSENT_SHARE,
    }[field]
    return await ask(next_step, update, context)


async def _register(update: Update, context: KansrijkContext) -> Step | int:
    _ = context.t.gettext
    draft = onboarding_draft(context)
    if first_unanswered(draft) is not None:
        return await ask(Step.SUMMARY, update, context)
    consents = {Purpose(key): bool(value) for key, value in draft["consents"].items()}
    registration = Registration(
        telegram_id=update.effective_user.id,
        language=context.t.language,
        first_name=draft.get("first_name"),
        phase=Phase(draft["phase"]),
        due_date=day(draft.get("due_date")),
        birth_date=day(draft.get("birth_date")),
        municipality=draft["municipality"],
        neighbourhood=draft.get("neighbourhood"),
        referral_link_id=draft.get("referral_id"),
        consents=consents,
        consent_version=CONSENT_TEXT_VERSION,
    )
    try:
        parent = await context.services.parents.register(registration)
    except AlreadyRegistered:
        context.user_data.clear()
        context.person = await context.services.people.identify(update.effective_user.id)
        await show_parent_home(update, context)
        return ConversationHandler.END
    except DateRejected as rejected:
        # Time passed since the date was typed (e.g. a draft kept over weeks).
        pregnant = registration.phase is Phase.PREGNANT
        step = Step.DUE_DATE if pregnant else Step.BIRTH_DATE
        question = DateQuestion.DUE if pregnant else DateQuestion.BIRTH
        draft["changing"] = True
        return await ask(step, update, context, note=date_problem(context, rejected, question))
    except InvalidInput:
        # The settings file changed under the draft: ask where they live again.
        draft["changing"] = True
        return await ask(Step.MUNICIPALITY, update, context)
    context.user_data.clear()
    context.person = await context.services.people.identify(update.effective_user.id)
    if context.person is not None:
        await publish_person_commands(context.bot, context.person, context.t)
    municipality = context.settings.municipality_name(parent.municipality)
    await show_parent_home(
        update,
        context,
        intro=_(
            "Thank you! You are signed up. Welcome!\n\n"
            "A coordinator of {municipality} looks for a buddy who fits you. You will hear"
            " from us. You can already ask a question, read the tip of this week or find"
            " help."
        ).format(municipality=esc(municipality)),
    )
    return ConversationHandler.END


# ---------------------------------------------------------------- wiring

_OWN_BUTTONS = (
    Onboarding.matches,
    OnboardingMunicipality.matches,
    OnboardingNeighbourhood.matches,
    OnboardingChange.matches,
)


def _own_button(data: object) -> bool:
    return any(matches(data) for matches in _OWN_BUTTONS)


def _state(step: Step, *handlers: BaseHandler, text: Handler | None = None) -> list[BaseHandler]:
    """A step's handlers, then: text answers (or a repeat), and any other onboarding
    button (stale, from an earlier step) repeats the question."""
    return [
        *handlers,
        MessageHandler(PLAIN_TEXT, text or _repeat(step, tap_note=True)),
        CallbackQueryHandler(_repeat(step, tap_note=False), pattern=_own_button),
    ]


def conversation() -> ConversationHandler:
    on = decodes(Onboarding)
    return ConversationHandler(
        name="parent_onboarding",
        persistent=True,
        allow_reentry=True,
        entry_points=[CallbackQueryHandler(language_chosen, pattern=decodes(OnboardingLanguage))],
        states={
            Step.INTRO: _state(Step.INTRO, CallbackQueryHandler(intro_read, pattern=on)),
            Step.CONSENT_MESSAGES: _state(
                Step.CONSENT_MESSAGES, CallbackQueryHandler(messages_consent, pattern=on)
            ),
            Step.CONSENT_SHARE: _state(
                Step.CONSENT_SHARE, CallbackQueryHandler(share_consent, pattern=on)
            ),
            Step.CONSENT_MONITORING: _state(
                Step.CONSENT_MONITORING, CallbackQueryHandler(monitoring_consent, pattern=on)
            ),
            Step.PHASE: _state(Step.PHASE, CallbackQueryHandler(phase_chosen, pattern=on)),
            Step.DUE_DATE: _state(
                Step.DUE_DATE,
                CallbackQueryHandler(due_date_button, pattern=on),
                text=due_date_typed,
            ),
            Step.WEEKS: _state(Step.WEEKS, text=weeks_typed),
            Step.BIRTH_DATE: _state(Step.BIRTH_DATE, text=birth_date_typed),
            Step.MUNICIPALITY: _state(
                Step.MUNICIPALITY,
                CallbackQueryHandler(municipality_chosen, pattern=decodes(OnboardingMunicipality)),
            ),
            Step.NEIGHBOURHOOD: _state(
                Step.NEIGHBOURHOOD,
                CallbackQueryHandler(
                    neighbourhood_chosen, pattern=decodes(OnboardingNeighbourhood)
                ),
            ),
            Step.NAME: _state(
                Step.NAME, CallbackQueryHandler(name_button, pattern=on), text=name_typed
            ),
            Step.SUMMARY: _state(Step.SUMMARY, CallbackQueryHandler(summary_answered, pattern=on)),
            Step.CHANGE: _state(
                Step.CHANGE, CallbackQueryHandler(change_chosen, pattern=decodes(OnboardingChange))
            ),
        },
        fallbacks=conversation_fallbacks(),
    )
