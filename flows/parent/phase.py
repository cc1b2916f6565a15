"""When life changes: "My baby is born", "I am pregnant", and the gentle path when a
pregnancy ends without a baby (no more pregnancy tips; an offer of contact)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler

from bot.context import KansrijkContext
from domain.alerts import AlertKind
from domain.dates import (
    DateRejected,
    due_date_from_weeks,
    parse_birth_date,
    parse_due_date,
    western_digits,
)
from domain.errors import InvalidInput
from domain.parents import Parent, Phase
from flows.common.conversation import leave_for_other_flows
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks
from flows.common.ui import acknowledge, column, esc, show
from flows.parent.callbacks import (
    AfterLoss,
    BirthDay,
    BornOn,
    DueDateUnknown,
    LossStep,
    SettingsItem,
)
from flows.parent.date_questions import (
    DateQuestion,
    ask_date,
    ask_weeks,
    date_problem,
    weeks_problem,
)
from flows.parent.guard import current_parent, decodes, menu_button, parent_button
from flows.parent.home import show_parent_home
from flows.parent.settings import opens, settings_button, show_settings

CONVERSATION = "parent_phase_change"  # keeps no draft


class PhaseStep(StrEnum):
    BIRTH_DATE = "birth_date"
    DUE_DATE = "due_date"
    WEEKS = "weeks"


async def _ask(
    step: PhaseStep, update: Update, context: KansrijkContext, note: str | None = None
) -> PhaseStep:
    _ = context.t.gettext
    if step is PhaseStep.BIRTH_DATE:
        text = ask_date(context, DateQuestion.BIRTH)
        buttons = [
            (_("Today"), BornOn(BirthDay.TODAY)),
            (_("Yesterday"), BornOn(BirthDay.YESTERDAY)),
        ]
    elif step is PhaseStep.DUE_DATE:
        text = ask_date(context, DateQuestion.DUE)
        buttons = [(_("I don't know the date"), DueDateUnknown())]
    else:
        text, buttons = ask_weeks(context), []
    if note:
        text = f"{note}\n\n{text}"
    await show(update, text, column([*buttons, settings_button(context.t)]))
    return step


@parent_button(refused=ConversationHandler.END)
async def start_baby_born(update: Update, context: KansrijkContext, parent: Parent) -> PhaseStep:
    return await _ask(PhaseStep.BIRTH_DATE, update, context)


@parent_button(refused=ConversationHandler.END)
async def start_pregnant(update: Update, context: KansrijkContext, parent: Parent) -> PhaseStep:
    return await _ask(PhaseStep.DUE_DATE, update, context)


async def birth_date_typed(update: Update, context: KansrijkContext) -> PhaseStep | int:
    today = context.services.parents.today()
    try:
        born = parse_birth_date(update.message.text, context.t.language, today)
    except DateRejected as rejected:
        note = date_problem(context, rejected, DateQuestion.BIRTH)
        return await _ask(PhaseStep.BIRTH_DATE, update, context, note)
    return await _baby_born(update, context, born)


async def born_button(update: Update, context: KansrijkContext) -> PhaseStep | int:
    await acknowledge(update)
    today = context.services.parents.today()
    day = BornOn.unpack(update.callback_query.data).day
    born = today if day is BirthDay.TODAY else today - timedelta(days=1)
    return await _baby_born(update, context, born)


async def _baby_born(update: Update, context: KansrijkContext, born: date) -> int:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return ConversationHandler.END
    await context.services.parents.baby_born(parent.person_id, born)
    await show_parent_home(
        update,
        context,
        intro=_("Congratulations on your baby! 🎉 From now on the tips are about your baby."),
    )
    return ConversationHandler.END


async def due_date_typed(update: Update, context: KansrijkContext) -> PhaseStep | int:
    today = context.services.parents.today()
    try:
        due = parse_due_date(update.message.text, context.t.language, today)
    except DateRejected as rejected:
        note = date_problem(context, rejected, DateQuestion.DUE)
        return await _ask(PhaseStep.DUE_DATE, update, context, note)
    return await _pregnant(update, context, due)


async def date_unknown(update: Update, context: KansrijkContext) -> PhaseStep:
    await acknowledge(update)
    return await _ask(PhaseStep.WEEKS, update, context)


async def weeks_typed(update: Update, context: KansrijkContext) -> PhaseStep | int:
    try:
        weeks = int(western_digits(update.message.text.strip()))
        due = due_date_from_weeks(weeks, context.services.parents.today())
    except (ValueError, DateRejected):
        return await _ask(PhaseStep.WEEKS, update, context, weeks_problem(context))
    return await _pregnant(update, context, due)


async def _pregnant(update: Update, context: KansrijkContext, due: date) -> int:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return ConversationHandler.END
    try:
        await context.services.parents.now_pregnant(parent.person_id, due)
    except InvalidInput:
        await show_settings(update, context)
        return ConversationHandler.END
    await show_parent_home(
        update,
        context,
        intro=_("How lovely! From now on the tips follow your pregnancy."),
    )
    return ConversationHandler.END


def conversation() -> ConversationHandler:
    return ConversationHandler(
        name=CONVERSATION,
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CallbackQueryHandler(start_baby_born, pattern=opens(SettingsItem.BORN)),
            CallbackQueryHandler(start_pregnant, pattern=opens(SettingsItem.PREGNANT)),
        ],
        states={
            PhaseStep.BIRTH_DATE: [
                MessageHandler(PLAIN_TEXT, birth_date_typed),
                CallbackQueryHandler(born_button, pattern=decodes(BornOn)),
            ],
            PhaseStep.DUE_DATE: [
                MessageHandler(PLAIN_TEXT, due_date_typed),
                CallbackQueryHandler(date_unknown, pattern=decodes(DueDateUnknown)),
            ],
            PhaseStep.WEEKS: [MessageHandler(PLAIN_TEXT, weeks_typed)],
        },
        fallbacks=[*conversation_fallbacks(), *leave_for_other_flows(CONVERSATION, CONVERSATION)],
    )


# ---------------------------------------------------------------- a pregnancy that ended


@parent_button()
async def ask_pregnancy_ended(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    await show(
        update,
        _(
            "Has your pregnancy ended without a baby? I am very sorry if that is what"
            " happened. Take all the time you need."
        ),
        column(
            [
                (_("Yes, my pregnancy has ended"), AfterLoss(LossStep.CONFIRM)),
                settings_button(context.t),
            ]
        ),
    )


@parent_button()
async def after_loss(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    step = AfterLoss.unpack(update.callback_query.data).step
    buddy = await context.services.parents.buddy_of(parent.person_id)
    if step is LossStep.CONFIRM:
        if parent.phase is Phase.PREGNANT:
            await context.services.parents.pregnancy_ended(parent.person_id)
        buttons = []
        if buddy is not None:
            buttons.append((_("Yes, my buddy may contact me"), AfterLoss(LossStep.BUDDY)))
        buttons += [
            (_("Yes, a professional may contact me"), AfterLoss(LossStep.PROFESSIONAL)),
            (_("Not now"), AfterLoss(LossStep.NOT_NOW)),
        ]
        await show(
            update,
            _(
                "I am so sorry for your loss. I will not send you pregnancy tips any more."
                "\n\nWould you like to talk to someone about it?"
            ),
            column(buttons),
        )
        return
    if step is LossStep.BUDDY and buddy is not None:
        await context.services.alerts.raise_alert(
            buddy.person_id, parent.person_id, AlertKind.WANTS_CONTACT
        )
        text = _("I have told {name}. {name} will contact you soon.").format(
            name=esc(buddy.display_name)
        )
    elif step is LossStep.PROFESSIONAL:
        await context.services.parents.ask_contact_after_loss(parent.person_id)
        text = _("A coordinator of {municipality} will contact you soon.").format(
            municipality=esc(context.settings.municipality_name(parent.municipality))
        )
    else:
        text = _(
            "That is okay. If you want to talk later, you can ask your buddy or tap"
            ' "Help now" in the menu.'
        )
    await show(update, text, column([menu_button(context.t)]))


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(ask_pregnancy_ended, pattern=opens(SettingsItem.ENDED)),
        CallbackQueryHandler(after_loss, pattern=decodes(AfterLoss)),
    ]
