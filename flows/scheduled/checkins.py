"""The check-in a parent gets ("How are you doing?" or the stress thermometer) and their
answers: one tap for the score and, after a worrying one, one tap for "contact me"."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import N_, Translator
from domain.checkins import AnswerOutcome, CheckinKind, ContactOutcome
from domain.outbox import OutboxItem
from flows.common.ui import column, esc, grid, say, show
from flows.scheduled.callbacks import CheckinContact, CheckinScore
from flows.scheduled.guard import parent_answer
from flows.scheduled.texts import answer_tap, greeting, your_answer
from services.checkins import CHECKIN
from storage.db import Transaction

# The mood scale, best first (easiest to read top-down); emoji and a word each.
MOOD_LABELS = {
    5: N_("😄 Very good"),
    4: N_("🙂 Good"),
    3: N_("😐 Okay"),
    2: N_("🙁 Not so good"),
    1: N_("😞 Bad"),
}
STRESS_PER_ROW = 4


def question_text(t: Translator, kind: CheckinKind, first_name: str | None) -> str:
    _ = t.gettext
    if kind is CheckinKind.MOOD:
        return (
            greeting(t, first_name)
            + " "
            + _("How are you doing this week?")
            + "\n\n"
            + _("Tap the answer that fits best.")
        )
    return (
        greeting(t, first_name)
        + " "
        + _("Time for the stress thermometer.")
        + "\n\n"
        + _("How much stress did you feel this week? Tap a number.")
        + "\n"
        + _("0 means no stress at all. 10 means the most stress you can imagine.")
    )


def score_label(t: Translator, kind: CheckinKind, score: int) -> str:
    return t.gettext(MOOD_LABELS[score]) if kind is CheckinKind.MOOD else str(score)


def score_keyboard(t: Translator, kind: CheckinKind, checkin_id: int) -> InlineKeyboardMarkup:
    if kind is CheckinKind.MOOD:
        return column(
            [
                (score_label(t, kind, score), CheckinScore(checkin_id, score))
                for score in MOOD_LABELS
            ]
        )
    return grid(
        [(str(score), CheckinScore(checkin_id, score)) for score in kind.scores],
        per_row=STRESS_PER_ROW,
    )


async def _mark_sent(tx: Transaction, item: OutboxItem, state: AppState) -> None:
    await state.services.checkins.mark_sent_in(tx, int(item.payload["checkin_id"]))


@renderer(CHECKIN, scheduled=True, on_sent=_mark_sent)
async def render_checkin(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    found = await state.services.checkins.to_send(int(item.payload["checkin_id"]))
    if found is None:
        return None
    kind = found.checkin.kind
    return Rendered(
        question_text(t, kind, found.first_name), score_keyboard(t, kind, found.checkin.id)
    )


@parent_answer(CheckinScore)
async def score_chosen(
    update: Update, context: KansrijkContext, parent_id: int, data: CheckinScore
) -> None:
    _ = context.t.gettext
    outcome = await context.services.checkins.answer(parent_id, data.checkin_id, data.score)
    checkin = await context.services.checkins.get(parent_id, data.checkin_id)
    if not await answer_tap(update, context, outcome is not AnswerOutcome.ALREADY_ANSWERED):
        return
    first_name = context.person.first_name if context.person else None
    question = question_text(context.t, checkin.kind, first_name)
    await show(
        update,
        your_answer(context.t, question, score_label(context.t, checkin.kind, data.score)),
    )
    if outcome is AnswerOutcome.THANKS:
        await say(update, _("Thank you for telling me! 😊 See you next time."))
        return
    offer = (
        _("I am sorry it is hard right now. Would you like your buddy to get in touch with you?")
        if outcome is AnswerOutcome.ASK_BUDDY_CONTACT
        else _(
            "I am sorry it is hard right now. Would you like someone from the Kansrijk team"
            " to get in touch with you?"
        )
    )
    await say(update, offer, contact_keyboard(context.t, data.checkin_id))


def contact_keyboard(t: Translator, checkin_id: int) -> InlineKeyboardMarkup:
    _ = t.gettext
    return column(
        [
            (_("Yes, please"), CheckinContact(checkin_id, True)),
            (_("No, thank you"), CheckinContact(checkin_id, False)),
        ]
    )


@parent_answer(CheckinContact)
async def contact_chosen(
    update: Update, context: KansrijkContext, parent_id: int, data: CheckinContact
) -> None:
    _ = context.t.gettext
    outcome = await context.services.checkins.choose_contact(
        parent_id, data.checkin_id, data.wants_contact
    )
    if not await answer_tap(update, context, outcome is not ContactOutcome.ALREADY_ANSWERED):
        return
    replies = {
        ContactOutcome.BUDDY_TOLD: _(
            "Okay. I have asked your buddy to get in touch with you soon."
        ),
        ContactOutcome.COORDINATOR_TOLD: _(
            "Okay. I have asked someone from the Kansrijk team to get in touch with you soon."
        ),
        ContactOutcome.SHARED_WITH_BUDDY: _(
            "Okay, that is fine. Your buddy can see your answer, because you chose to share"
            " your check-ins."
        ),
        ContactOutcome.NOBODY: _("Okay, that is fine."),
    }
    await show(update, replies[outcome] + "\n\n" + help_lines(context))


def help_lines(context: KansrijkContext) -> str:
    """The national help numbers, for anyone who is not doing well."""
    _ = context.t.gettext
    lines = [_("Does it feel like it cannot wait? You can always call:")]
    for entry in context.settings.national_help:
        number = f" {esc(entry.phone)}" if entry.phone and entry.phone != entry.name else ""
        description = esc(entry.description_in(context.t.language))
        lines.append(f"• <b>{esc(entry.name)}</b>{number}: {description}")
    return "\n".join(lines)


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(score_chosen, pattern=CheckinScore.matches),
        CallbackQueryHandler(contact_chosen, pattern=CheckinContact.matches),
    ]
