"""Making a referral link for a professional: which kind of source, its name, and (for
province-wide coordinators) the municipality; then the link and its QR code."""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.context import KansrijkContext
from domain.errors import DomainError
from domain.people import Coordinator
from domain.referrals import NAME_MAX, SourceKind
from flows.common.conversation import draft, drop_draft, leave_for_other_flows
from flows.common.fallbacks import conversation_fallbacks
from flows.common.ui import column, grid, say
from flows.coordinator.callbacks import NewReferral, Pick
from flows.coordinator.common import SOURCE_LABELS, current_coordinator, on_button, refuse, too_long
from flows.coordinator.links import send_referral
from flows.coordinator.steps import buttons_step, text_step

CONVERSATION = "coordinator_new_referral"
DRAFT = "new_referral"


class Step(StrEnum):
    SOURCE = "source"
    NAME = "name"
    MUNICIPALITY = "municipality"


async def ask(update: Update, context: KansrijkContext, step: Step) -> Step:
    _ = context.t.gettext
    if step is Step.SOURCE:
        await say(
            update,
            _("Who will hand out this link? Tap the kind of professional."),
            column(
                [(_(label), Pick(Step.SOURCE, kind.value)) for kind, label in SOURCE_LABELS.items()]
            ),
        )
    elif step is Step.NAME:
        await say(
            update,
            _(
                "What is the name of the practice or team? For example: Verloskundigen"
                " Beijum. (at most {limit} characters)"
            ).format(limit=NAME_MAX),
        )
    else:
        await say(
            update,
            _("In which municipality do they work? Tap a button."),
            grid(
                [(m.name, Pick(Step.MUNICIPALITY, m.slug)) for m in context.settings.municipalities]
            ),
        )
    return step


@on_button(NewReferral)
async def start(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: NewReferral
) -> Step:
    drop_draft(context, DRAFT)
    if coordinator.municipality is not None:
        draft(context, DRAFT)["municipality"] = coordinator.municipality
    return await ask(update, context, Step.SOURCE)


async def _pick_source(update: Update, context: KansrijkContext, value: str | None) -> Step:
    if value not in {kind.value for kind in SourceKind}:
        return await ask(update, context, Step.SOURCE)
    draft(context, DRAFT)["source"] = value
    return await ask(update, context, Step.NAME)


async def name_written(update: Update, context: KansrijkContext) -> Step | int:
    _ = context.t.gettext
    name = " ".join((update.message.text or "").split())
    if len(name) > NAME_MAX:
        await too_long(update, context, len(name), NAME_MAX)
        return Step.NAME
    current = draft(context, DRAFT)
    current["name"] = name
    if "municipality" not in current:
        return await ask(update, context, Step.MUNICIPALITY)
    return await _create(update, context)


async def _pick_municipality(
    update: Update, context: KansrijkContext, value: str | None
) -> Step | int:
    if value is None or context.settings.municipality(value) is None:
        return await ask(update, context, Step.MUNICIPALITY)
    draft(context, DRAFT)["municipality"] = value
    return await _create(update, context)


async def _create(update: Update, context: KansrijkContext) -> int:
    current = dict(draft(context, DRAFT))
    drop_draft(context, DRAFT)
    coordinator = await current_coordinator(context)
    if coordinator is None:
        return ConversationHandler.END
    try:
        link = await context.services.referrals.create(
            coordinator.person_id,
            municipality=current["municipality"],
            source_kind=SourceKind(current["source"]),
            name=current["name"],
        )
    except DomainError as error:
        await refuse(update, context, error)
        return ConversationHandler.END
    await send_referral(update, context, link, with_qr=True)
    return ConversationHandler.END


PICKS = {Step.SOURCE: _pick_source, Step.MUNICIPALITY: _pick_municipality}


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            entry_points=[CallbackQueryHandler(start, pattern=NewReferral.matches)],
            states={
                Step.SOURCE: buttons_step(Step.SOURCE, ask, PICKS),
                Step.NAME: text_step(Step.NAME, name_written, ask, PICKS),
                Step.MUNICIPALITY: buttons_step(Step.MUNICIPALITY, ask, PICKS),
            },
            fallbacks=[*leave_for_other_flows(CONVERSATION, DRAFT), *conversation_fallbacks()],
        )
    ]
