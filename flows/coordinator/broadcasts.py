"""Sending a message to a group: choose the segment with buttons, write the text, see a
preview with the number of people, confirm. It goes through the outbox; one progress
message is edited while it is sent, and a final report follows."""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from enum import StrEnum
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    filters,
)

from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.audience import AudienceRole, Segment
from domain.broadcasts import BODY_MAX, BroadcastProgress
from domain.errors import DomainError
from domain.outbox import OutboxItem
from domain.parents import Phase
from domain.people import Coordinator
from domain.settings import Settings
from flows.common.conversation import draft, drop_draft, leave_for_other_flows
from flows.common.fallbacks import conversation_fallbacks
from flows.common.ui import column, esc, say
from flows.coordinator.callbacks import NewBroadcast, Pick
from flows.coordinator.common import (
    PHASE_LABELS,
    current_coordinator,
    home_button,
    language_name,
    menu_button,
    on_button,
    on_command,
    refuse,
    too_long,
)
from flows.coordinator.steps import (
    asker,
    buttons_step,
    language_buttons,
    municipality_buttons,
    neighbourhood_buttons,
    phase_buttons,
    text_step,
)
from services.broadcasts import BROADCAST, BROADCAST_REPORT

CONVERSATION = "coordinator_broadcast"
DRAFT = "broadcast"
PROGRESS_EVERY = timedelta(seconds=3)
# Sending waits during quiet hours; the progress message is not kept up to date all
# night: after this long the planner's final report (through the outbox) takes over.
PROGRESS_AT_MOST = timedelta(minutes=15)


class Step(StrEnum):
    ROLE = "role"
    MUNICIPALITY = "municipality"
    NEIGHBOURHOOD = "neighbourhood"
    PHASE = "phase"
    LANGUAGE = "language"
    TEXT = "text"
    PREVIEW = "preview"


def segment_text(t: Translator, settings: Settings, segment: Segment) -> str:
    """ "parents · Beijum, Groningen · pregnant · Nederlands" in the reader's language."""
    _ = t.gettext
    parts = [_("parents") if segment.role is AudienceRole.PARENTS else _("buddies")]
    if segment.municipality is None:
        parts.append(_("the whole province"))
    elif segment.neighbourhood:
        parts.append(
            f"{settings.neighbourhood_name(segment.municipality, segment.neighbourhood)},"
            f" {settings.municipality_name(segment.municipality)}"
        )
    else:
        parts.append(settings.municipality_name(segment.municipality))
    if segment.phase:
        parts.append(_(PHASE_LABELS[segment.phase]))
    if segment.language:
        parts.append(language_name(segment.language))
    return esc(" · ".join(parts))


def progress_text(t: Translator, progress: BroadcastProgress) -> str:
    _ = t.gettext
    counts = _("Delivered: {delivered}. Blocked the bot: {blocked}. Failed: {failed}.").format(
        delivered=progress.delivered, blocked=progress.blocked, failed=progress.failed
    )
    if progress.cancelled:
        counts += " " + _("Not sent (stopped or paused meanwhile): {count}.").format(
            count=progress.cancelled
        )
    if progress.done:
        return _("Your message has been sent to everyone.") + "\n" + counts
    return (
        _("Sending your message: {done} of {total} done…").format(
            done=progress.total - progress.waiting, total=progress.total
        )
        + "\n"
        + counts
    )


# --- the questions -------------------------------------------------------------------


def _segment(context: KansrijkContext) -> Segment:
    return Segment.from_json(draft(context, DRAFT).get("segment", {}))


def _store(context: KansrijkContext, segment: Segment) -> None:
    draft(context, DRAFT)["segment"] = segment.to_json()


async def _ask_role(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("Who should get the message? Tap a button."),
        column(
            [
                (_("Parents"), Pick(Step.ROLE, AudienceRole.PARENTS.value)),
                (_("Buddies"), Pick(Step.ROLE, AudienceRole.BUDDIES.value)),
            ]
        ),
    )


async def _ask_municipality(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _("In which municipality? Tap a button."),
        municipality_buttons(context, Step.MUNICIPALITY, everywhere=True),
    )


async def _ask_neighbourhood(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    municipality = context.settings.municipality(_segment(context).municipality or "")
    assert municipality is not None
    await say(
        update,
        _("Which neighbourhood? Tap a button."),
        neighbourhood_buttons(context, Step.NEIGHBOURHOOD, municipality),
    )


async def _ask_phase(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update, _("Parents in which phase? Tap a button."), phase_buttons(context, Step.PHASE)
    )


async def _ask_language(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _(
            "Only people who read one language? Your text is sent as you write it, so"
            " choose the language you will write in. Tap a button."
        ),
        language_buttons(context, Step.LANGUAGE),
    )


async def _ask_text(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    coordinator = await current_coordinator(context)
    if coordinator is None:
        return
    count = await context.services.broadcasts.audience_size(
        coordinator.person_id, _segment(context)
    )
    reach = context.t.ngettext(
        "{count} person can be reached in this group.",
        "{count} people can be reached in this group.",
        count,
    ).format(count=count)
    ask_text = _(
        "Now write the message, in short and simple sentences (at most {limit} characters)."
    ).format(limit=BODY_MAX)
    await say(update, f"{reach} {ask_text}")


async def _ask_preview(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    current = draft(context, DRAFT)
    coordinator = await current_coordinator(context)
    if coordinator is None:
        return
    broadcast = await context.services.broadcasts.get_own(
        coordinator.person_id, current["broadcast_id"]
    )
    count = current["recipients"]
    lines = [
        context.t.ngettext(
            "This is what {count} person ({segment}) will get:",
            "This is what {count} people ({segment}) will get:",
            count,
        ).format(count=count, segment=segment_text(context.t, context.settings, _segment(context))),
    ]
    if current.get("unreachable"):
        lines.append(
            context.t.ngettext(
                "{count} more has blocked the bot: counted as blocked.",
                "{count} more have blocked the bot: counted as blocked.",
                current["unreachable"],
            ).format(count=current["unreachable"])
        )
    lines += ["", "— — —", broadcast_message(context.t, broadcast.body)]
    await say(
        update,
        "\n".join(lines),
        column(
            [
                (
                    context.t.ngettext(
                        "Send to {count} person", "Send to {count} people", count
                    ).format(count=count),
                    Pick(Step.PREVIEW, "send"),
                ),
                (_("Write the text again"), Pick(Step.PREVIEW, "edit")),
            ]
        ),
    )


ask = asker(
    {
        Step.ROLE: _ask_role,
        Step.MUNICIPALITY: _ask_municipality,
        Step.NEIGHBOURHOOD: _ask_neighbourhood,
        Step.PHASE: _ask_phase,
        Step.LANGUAGE: _ask_language,
        Step.TEXT: _ask_text,
        Step.PREVIEW: _ask_preview,
    }
)


def broadcast_message(t: Translator, body: str) -> str:
    _ = t.gettext
    return _("A message from the Kansrijke Start team:") + "\n\n" + esc(body)


# --- the answers ---------------------------------------------------------------------


@on_button(NewBroadcast)
async def start(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: NewBroadcast
) -> Step:
    return await _begin(update, context, coordinator)


@on_command
async def broadcast_command(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> Step:
    return await _begin(update, context, coordinator)


async def _begin(update: Update, context: KansrijkContext, coordinator: Coordinator) -> Step:
    """A fresh draft for the coordinator's municipality (province-wide coordinators
    choose one after the role)."""
    drop_draft(context, DRAFT)
    _store(context, Segment(municipality=coordinator.municipality))
    return await ask(update, context, Step.ROLE)


async def _after_municipality(update: Update, context: KansrijkContext) -> Step:
    segment = _segment(context)
    if segment.municipality is not None:
        return await ask(update, context, Step.NEIGHBOURHOOD)
    return await _after_neighbourhood(update, context)


async def _after_neighbourhood(update: Update, context: KansrijkContext) -> Step:
    if _segment(context).role is AudienceRole.PARENTS:
        return await ask(update, context, Step.PHASE)
    return await ask(update, context, Step.LANGUAGE)


async def _pick_role(update: Update, context: KansrijkContext, value: str | None) -> Step:
    role = AudienceRole(value) if value in {r.value for r in AudienceRole} else None
    if role is None:
        return await ask(update, context, Step.ROLE)
    segment = _segment(context)
    _store(context, Segment(role=role, municipality=segment.municipality))
    coordinator = await current_coordinator(context)
    if coordinator is not None and coordinator.province_wide:
        return await ask(update, context, Step.MUNICIPALITY)
    return await _after_municipality(update, context)


async def _pick_municipality(update: Update, context: KansrijkContext, value: str | None) -> Step:
    if value is not None and context.settings.municipality(value) is None:
        return await ask(update, context, Step.MUNICIPALITY)
    segment = _segment(context)
    _store(context, Segment(role=segment.role, municipality=value))
    return await _after_municipality(update, context)


async def _pick_neighbourhood(update: Update, context: KansrijkContext, value: str | None) -> Step:
    segment = _segment(context)
    _store(
        context, Segment(role=segment.role, municipality=segment.municipality, neighbourhood=value)
    )
    return await _after_neighbourhood(update, context)


async def _pick_phase(update: Update, context: KansrijkContext, value: str | None) -> Step:
    segment = _segment(context)
    phase = Phase(value) if value in {p.value for p in Phase} else None
    _store(
        context,
        Segment(segment.role, segment.municipality, segment.neighbourhood, phase, None),
    )
    return await ask(update, context, Step.LANGUAGE)


async def _pick_language(update: Update, context: KansrijkContext, value: str | None) -> Step:
    segment = _segment(context)
    language = value if value in context.state.catalogs.languages else None
    _store(
        context,
        Segment(segment.role, segment.municipality, segment.neighbourhood, segment.phase, language),
    )
    return await ask(update, context, Step.TEXT)


async def text_written(update: Update, context: KansrijkContext) -> Step | int:
    _ = context.t.gettext
    text = (update.message.text or "").strip()
    if len(text) > BODY_MAX:
        await too_long(update, context, len(text), BODY_MAX)
        return Step.TEXT
    coordinator = await current_coordinator(context)
    if coordinator is None:
        drop_draft(context, DRAFT)
        return ConversationHandler.END
    try:
        created = await context.services.broadcasts.draft(
            coordinator.person_id, _segment(context), text
        )
    except DomainError as error:
        drop_draft(context, DRAFT)
        await refuse(update, context, error)
        return ConversationHandler.END
    current = draft(context, DRAFT)
    current.update(
        broadcast_id=created.broadcast_id,
        recipients=created.recipients,
        unreachable=created.unreachable,
    )
    if created.recipients == 0:
        await say(update, _("Nobody in this group can be reached. Please choose another group."))
        return await ask(update, context, Step.ROLE)
    return await ask(update, context, Step.PREVIEW)


async def _pick_preview(update: Update, context: KansrijkContext, value: str | None) -> Step | int:
    if value == "edit":
        return await ask(update, context, Step.TEXT)
    if value != "send":
        return await ask(update, context, Step.ROLE)
    coordinator = await current_coordinator(context)
    broadcast_id = draft(context, DRAFT).get("broadcast_id")
    drop_draft(context, DRAFT)
    if coordinator is None or broadcast_id is None:
        return ConversationHandler.END
    try:
        progress = await context.services.broadcasts.confirm(coordinator.person_id, broadcast_id)
    except DomainError as error:
        await refuse(update, context, error)
        return ConversationHandler.END
    message = await say(update, progress_text(context.t, progress), column([home_button(context)]))
    await context.services.broadcasts.set_progress_message(
        coordinator.person_id, broadcast_id, message.chat_id, message.message_id
    )
    context.job_queue.run_repeating(
        update_progress,
        interval=PROGRESS_EVERY,
        first=PROGRESS_EVERY,
        name=f"broadcast:{broadcast_id}",
        data={
            "broadcast_id": broadcast_id,
            "chat_id": message.chat_id,
            "message_id": message.message_id,
            "language": context.t.language,
            "until": time.monotonic() + PROGRESS_AT_MOST.total_seconds(),
        },
        job_kwargs={"id": f"broadcast:{broadcast_id}", "replace_existing": True},
    )
    return ConversationHandler.END


async def update_progress(context: KansrijkContext) -> None:
    """Every few seconds while sending: edit the progress message; stop when done."""
    data: dict[str, Any] = context.job.data
    broadcasts = context.services.broadcasts
    final = await broadcasts.finish_if_done(data["broadcast_id"])
    progress = final or await broadcasts.progress(data["broadcast_id"])
    t = context.translator_for(data["language"])
    # "Not modified", or the message is gone: the final report comes through the outbox.
    with contextlib.suppress(TelegramError):
        await context.bot.edit_message_text(
            progress_text(t, progress),
            chat_id=data["chat_id"],
            message_id=data["message_id"],
            reply_markup=column([menu_button(t)]),
        )
    if progress.done or time.monotonic() > data["until"]:
        context.job.schedule_removal()


# --- outbox renderers ----------------------------------------------------------------


@renderer(BROADCAST, scheduled=True)
async def render_broadcast(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    body = await state.services.broadcasts.message_for(
        int(item.payload["broadcast_id"]), item.person_id
    )
    return Rendered(broadcast_message(t, body)) if body is not None else None


@renderer(BROADCAST_REPORT)
async def render_report(item: OutboxItem, t: Translator, state: AppState) -> Rendered:
    progress = await state.services.broadcasts.progress(int(item.payload["broadcast_id"]))
    return Rendered(progress_text(t, progress))


# --- wiring --------------------------------------------------------------------------


PICKS = {
    Step.ROLE: _pick_role,
    Step.MUNICIPALITY: _pick_municipality,
    Step.NEIGHBOURHOOD: _pick_neighbourhood,
    Step.PHASE: _pick_phase,
    Step.LANGUAGE: _pick_language,
    Step.PREVIEW: _pick_preview,
}


def handlers() -> list[BaseHandler]:
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            entry_points=[
                CallbackQueryHandler(start, pattern=NewBroadcast.matches),
                CommandHandler("broadcast", broadcast_command, filters=filters.UpdateType.MESSAGE),
            ],
            states={
                Step.ROLE: buttons_step(Step.ROLE, ask, PICKS),
                Step.MUNICIPALITY: buttons_step(Step.MUNICIPALITY, ask, PICKS),
                Step.NEIGHBOURHOOD: buttons_step(Step.NEIGHBOURHOOD, ask, PICKS),
                Step.PHASE: buttons_step(Step.PHASE, ask, PICKS),
                Step.LANGUAGE: buttons_step(Step.LANGUAGE, ask, PICKS),
                Step.TEXT: text_step(Step.TEXT, text_written, ask, PICKS),
                Step.PREVIEW: buttons_step(Step.PREVIEW, ask, PICKS),
            },
            fallbacks=[*leave_for_other_flows(CONVERSATION, DRAFT), *conversation_fallbacks()],
        )
    ]
