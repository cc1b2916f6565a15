"""The buddy's own wellbeing: once a month "how is buddying going for you?" (1-5) and
the hours spent that month, pre-filled from the logged contacts (confirm or correct).
The answers are kept for the coordinator's supervision."""

from __future__ import annotations

from enum import StrEnum

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler, MessageHandler

from bot.callbacks import InvalidCallbackData
from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.buddies import MAX_MONTHLY_HOURS, WELLBEING_SCORES, WellbeingMonth
from domain.errors import InvalidInput
from domain.outbox import OutboxItem
from flows.buddy.callbacks import WellbeingHours, WellbeingScore
from flows.buddy.guard import buddy_only
from flows.buddy.home import show_buddy_home
from flows.buddy.texts import MOOD_LABELS, hours_text
from flows.common.conversation import draft, drop_draft, leave_for_other_flows
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks
from flows.common.ui import acknowledge, column, month_name, say, show
from services.buddies import WELLBEING_CHECKIN

CONVERSATION = "buddy_wellbeing"
DRAFT = "buddy_wellbeing"


class WellbeingStep(StrEnum):
    HOURS = "hours"
    HOURS_TEXT = "hours_text"


def _score_question(t: Translator, month: str) -> Rendered:
    _ = t.gettext
    return Rendered(
        _(
            "🌱 <b>How is buddying going for you?</b>\n\nA short check-in about {month}, so"
            " your coordinator can support you. How did buddying feel this month?"
        ).format(month=month_name(t, month)),
        column(
            [(_(MOOD_LABELS[score]), WellbeingScore(month, score)) for score in WELLBEING_SCORES]
        ),
    )


@renderer(WELLBEING_CHECKIN)
async def render_wellbeing(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    month = str(item.payload["month"])
    current = await state.services.buddies.wellbeing_month(item.person_id, month)
    return None if current.answered_at is not None else _score_question(t, month)


def _hours_question(
    context: KansrijkContext, current: WellbeingMonth
) -> tuple[str, InlineKeyboardMarkup]:
    _ = context.t.gettext
    return (
        _(
            "Thank you! In {month} you logged contacts of {time} together. Is that about"
            " the time you spent on buddying?"
        ).format(
            time=hours_text(context.t, current.logged_minutes),
            month=month_name(context.t, current.month),
        ),
        column(
            [
                (_("✅ Yes, that is right"), WellbeingHours(True)),
                (_("✏️ No, I will type the hours"), WellbeingHours(False)),
            ]
        ),
    )


@buddy_only
async def on_score(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    try:
        data = WellbeingScore.unpack(update.callback_query.data)
        current = await context.services.buddies.wellbeing_month(buddy_id, data.month)
    except (InvalidCallbackData, InvalidInput):
        await acknowledge(update)
        return ConversationHandler.END
    if data.score not in WELLBEING_SCORES:
        await acknowledge(update)
        return ConversationHandler.END
    await acknowledge(update)
    draft(context, DRAFT).update(month=data.month, score=data.score)
    text, markup = _hours_question(context, current)
    await show(update, text, markup)
    return WellbeingStep.HOURS


@buddy_only
async def on_hours_button(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    await acknowledge(update)
    try:
        confirmed = WellbeingHours.unpack(update.callback_query.data).confirmed
    except InvalidCallbackData:
        return await repeat_hours(update, context)
    if not confirmed:
        await show(
            update,
            _(
                "How many hours did you spend on buddying in {month}? Type a number, for"
                " example 6 or 7.5."
            ).format(month=month_name(context.t, draft(context, DRAFT)["month"])),
        )
        return WellbeingStep.HOURS_TEXT
    current = await context.services.buddies.wellbeing_month(
        buddy_id, draft(context, DRAFT)["month"]
    )
    return await _record(update, context, buddy_id, current.logged_hours)


@buddy_only
async def on_hours_text(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    text = (update.message.text or "").strip().replace(",", ".")
    try:
        hours = float(text)
    except ValueError:
        hours = -1.0
    if not 0 <= hours <= MAX_MONTHLY_HOURS:
        await say(
            update,
            _("Please type a number of hours between 0 and {max}, for example 6 or 7.5.").format(
                max=MAX_MONTHLY_HOURS
            ),
        )
        return WellbeingStep.HOURS_TEXT
    return await _record(update, context, buddy_id, hours)


async def _record(update: Update, context: KansrijkContext, buddy_id: int, hours: float) -> object:
    _ = context.t.gettext
    answers = draft(context, DRAFT)
    try:
        await context.services.buddies.record_wellbeing(
            buddy_id, str(answers["month"]), score=int(answers["score"]), hours=hours
        )
    except (KeyError, InvalidInput):
        await say(update, _("Sorry, that did not work. Please tap a button in the check-in again."))
        drop_draft(context, DRAFT)
        return ConversationHandler.END
    drop_draft(context, DRAFT)
    await (show if update.callback_query else say)(
        update, _("💚 Thank you! Your coordinator sees this, to support you where needed.")
    )
    await show_buddy_home(update, context, new_message=True)
    return ConversationHandler.END


@buddy_only
async def repeat_hours(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    month = draft(context, DRAFT).get("month")
    if month is None:
        return ConversationHandler.END
    current = await context.services.buddies.wellbeing_month(buddy_id, month)
    text, markup = _hours_question(context, current)
    await say(update, _("Please tap one of the buttons.") + "\n\n" + text, markup)
    return WellbeingStep.HOURS


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            allow_reentry=True,
            entry_points=[CallbackQueryHandler(on_score, pattern=WellbeingScore.matches)],
            states={
                WellbeingStep.HOURS: [
                    CallbackQueryHandler(on_hours_button, pattern=WellbeingHours.matches),
                    MessageHandler(PLAIN_TEXT, repeat_hours),
                ],
                WellbeingStep.HOURS_TEXT: [MessageHandler(PLAIN_TEXT, on_hours_text)],
            },
            fallbacks=[*conversation_fallbacks(), *leave_for_other_flows(CONVERSATION, DRAFT)],
        )
    ]
