"""Alerts to the buddy about one of their families, each answered with one tap ("I'll
get in touch" / "Already handled"); the answer is recorded."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.alerts import Alert, AlertKind, AlertResponse
from domain.buddies import Family
from domain.checkins import UNANSWERED_IN_A_ROW
from domain.errors import NotAllowed, NotFound
from domain.outbox import OutboxItem
from flows.buddy.callbacks import AnswerAlert, OpenFamily, WriteTo
from flows.buddy.guard import buddy_only, refuse_family
from flows.buddy.texts import button_name, family_name, reply_buttons, waiting_page
from flows.common.ui import acknowledge, column, show
from services.alerts import BUDDY_ALERT


def alert_text(t: Translator, alert: Alert, family: Family) -> str:
    _ = t.gettext
    name = family_name(t, family)
    match alert.kind:
        case AlertKind.LOW_MOOD:
            text = _("{name} answered the check-in with a low mood. Could you get in touch soon?")
        case AlertKind.WANTS_CONTACT:
            text = _("{name} would like you to get in touch. Could you contact them soon?")
        case AlertKind.BLOCKED:
            text = _(
                "The bot can no longer reach {name}: they may have blocked it. Could you get"
                " in touch another way?"
            )
        case AlertKind.UNANSWERED_CHECKINS:
            text = _(
                "{name} did not answer the last {count} check-ins. Could you check how things are?"
            )
        case AlertKind.QUESTION_WAITING:
            text = _(
                "A message from {name} has been waiting for your answer for a few hours."
                " Tap Reply to answer."
            )
    return "🔔 " + text.format(name=name, count=UNANSWERED_IN_A_ROW)


def _answer_buttons(t: Translator, alert: Alert, family: Family) -> InlineKeyboardMarkup:
    _ = t.gettext
    replies: list[tuple[str, CallbackData]] = []
    if alert.kind is AlertKind.QUESTION_WAITING:
        replies = reply_buttons(t, family)  # the oldest; the family's card has them all
        if waiting_page(family).count > 1:
            replies.append(
                (_("👪 {name}").format(name=button_name(family)), OpenFamily(family.parent_id))
            )
    return column(
        [
            *replies,
            (_("🙋 I'll get in touch"), AnswerAlert(alert.id, AlertResponse.WILL_CONTACT)),
            (_("✅ Already handled"), AnswerAlert(alert.id, AlertResponse.HANDLED)),
        ]
    )


@renderer(BUDDY_ALERT)
async def render_alert(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    """Sent only while it still matters: unanswered, and the family still matched."""
    alert = await state.services.alerts.pending(int(item.payload["alert_id"]))
    if alert is None or alert.buddy_id != item.person_id:
        return None
    try:
        family = await state.services.buddies.family(alert.buddy_id, alert.parent_id)
    except NotAllowed:
        return None
    if alert.kind is AlertKind.QUESTION_WAITING and not family.waiting:
        return None  # answered meanwhile
    return Rendered(alert_text(t, alert, family), _answer_buttons(t, alert, family))


@buddy_only
async def answer_alert(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    try:
        data = AnswerAlert.unpack(update.callback_query.data)
        alert = await context.services.alerts.respond(buddy_id, data.alert_id, data.response)
        family = await context.services.buddies.family(buddy_id, alert.parent_id)
    except (InvalidCallbackData, NotFound, NotAllowed):
        return await refuse_family(update, context)
    if alert.response is not data.response:
        await acknowledge(update, _("You answered this alert before."))
    else:
        await acknowledge(update, _("Thank you, noted."))
    if alert.response is AlertResponse.WILL_CONTACT:
        outcome = _("✅ Noted: you will get in touch.")
    else:
        outcome = _("✅ Noted: already handled.")
    await show(
        update,
        f"{alert_text(context.t, alert, family)}\n\n{outcome}",
        column(
            [
                *reply_buttons(context.t, family),
                (_("✉️ Send a message"), WriteTo(family.parent_id)),
                (_("👪 {name}").format(name=button_name(family)), OpenFamily(family.parent_id)),
            ]
        ),
    )
    return None


def handlers() -> list[BaseHandler]:
    return [CallbackQueryHandler(answer_alert, pattern=AnswerAlert.matches)]
