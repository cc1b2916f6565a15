"""The signals inbox: open signals in scope, claim one, resolve it with a note; and the
announcement of a signal to the coordinators in scope (outbox kind ``signal_raised``)."""

from __future__ import annotations

from enum import StrEnum

from telegram import Update
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
from domain.errors import DomainError, InvalidInput
from domain.outbox import OutboxItem
from domain.people import Coordinator
from domain.signals import SignalKind
from flows.common.conversation import draft, drop_draft, typed_text_conversation
from flows.common.ui import column, esc, say, show
from flows.coordinator.callbacks import ClaimSignal, OpenFamily, OpenSignal, ResolveSignal, Section
from flows.coordinator.common import (
    SIGNAL_LABELS,
    back_to,
    current_coordinator,
    home_button,
    on_button,
    on_command,
    refuse,
    scope_name,
    show_section_list,
    too_long,
)
from services.signals import SIGNAL_RAISED
from services.signals_inbox import RESOLUTION_MAX, SignalView

CONVERSATION = "coordinator_resolve_signal"
DRAFT = "resolve_signal"


class ResolveState(StrEnum):
    NOTE = "note"


def signal_text(t: Translator, state: AppState, view: SignalView) -> str:
    """What a signal is about, for a coordinator in scope (first name only)."""
    _ = t.gettext
    signal = view.signal
    title = _(SIGNAL_LABELS[signal.kind])
    lines = [f"❗ <b>{title}</b>" if signal.urgent else f"<b>{title}</b>"]
    if signal.urgent and signal.kind is not SignalKind.URGENT_HELP:
        lines.append(_("Urgent"))
    town = state.settings.municipality_name(signal.municipality)
    if view.neighbourhood:
        town = (
            f"{state.settings.neighbourhood_name(signal.municipality, view.neighbourhood)}, {town}"
        )
    if view.parent_first_name:
        lines.append(
            _("Family: {name} ({place})").format(name=esc(view.parent_first_name), place=esc(town))
        )
    else:
        lines.append(_("Place: {place}").format(place=esc(town)))
    lines.append(
        _("Raised: {when}").format(
            when=t.weekday_and_date(signal.created_at, state.config.timezone)
        )
    )
    if signal.note:
        lines.append(_("Note: {note}").format(note=esc(signal.note)))
    if view.claimed_by_name:
        lines.append(_("Taken on by: {name}").format(name=esc(view.claimed_by_name)))
    elif signal.claimed_by is None:
        lines.append(_("Nobody has taken this on yet."))
    return "\n".join(lines)


def signal_buttons(t: Translator, view: SignalView, coordinator_id: int) -> list:
    _ = t.gettext
    signal = view.signal
    buttons = []
    if signal.claimed_by is None:
        buttons.append((_("I will take this on"), ClaimSignal(signal.id)))
    if signal.resolved_at is None and signal.claimed_by in (None, coordinator_id):
        buttons.append((_("Resolve with a note"), ResolveSignal(signal.id)))
    if signal.parent_id is not None:
        buttons.append((_("Open the family"), OpenFamily(signal.parent_id)))
    return buttons


async def show_inbox(
    update: Update, context: KansrijkContext, coordinator: Coordinator, page: int = 0
) -> None:
    _ = context.t.gettext
    views = await context.services.signals_inbox.open_signals(coordinator.person_id)
    if not views:
        text = _("There are no open signals in {area}.").format(
            area=scope_name(context, coordinator)
        )
    else:
        text = _("Open signals in {area}: {count}. Urgent ones come first.").format(
            area=scope_name(context, coordinator), count=len(views)
        )
    buttons = []
    for view in views:
        label = _(SIGNAL_LABELS[view.signal.kind])
        if view.signal.urgent:
            label = "❗ " + label
        if view.parent_first_name:
            label += f" · {view.parent_first_name}"
        if view.signal.claimed_by is not None:
            label += " · " + _("taken on")
        buttons.append((label, OpenSignal(view.signal.id)))
    await show_section_list(
        update, context, text, buttons, Section.SIGNALS, page, [home_button(context)]
    )


@on_button(OpenSignal)
async def open_signal(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: OpenSignal
) -> None:
    view = await context.services.signals_inbox.view(coordinator.person_id, data.signal_id)
    await _show_signal(update, context, coordinator, view)


@on_button(ClaimSignal)
async def claim_signal(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: ClaimSignal
) -> None:
    _ = context.t.gettext
    view = await context.services.signals_inbox.claim(coordinator.person_id, data.signal_id)
    await _show_signal(
        update, context, coordinator, view, intro=_("You have taken this on. Thank you!")
    )


async def _show_signal(
    update: Update,
    context: KansrijkContext,
    coordinator: Coordinator,
    view: SignalView,
    intro: str | None = None,
) -> None:
    text = signal_text(context.t, context.state, view)
    if intro:
        text = f"{intro}\n\n{text}"
    buttons = signal_buttons(context.t, view, coordinator.person_id)
    await show(update, text, column([*buttons, back_to(context, Section.SIGNALS)]))


@on_button(ResolveSignal)
async def start_resolving(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: ResolveSignal
) -> ResolveState:
    view = await context.services.signals_inbox.view(coordinator.person_id, data.signal_id)
    if view.signal.resolved_at is not None:
        raise InvalidInput("resolved")
    draft(context, DRAFT)["signal_id"] = data.signal_id
    await _ask_note(update, context)
    return ResolveState.NOTE


async def _ask_note(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await say(
        update,
        _(
            "Write a short note: what was done, or who took over? (at most {limit}"
            " characters; /cancel to stop)"
        ).format(limit=RESOLUTION_MAX),
    )


async def note_written(update: Update, context: KansrijkContext) -> ResolveState | int:
    _ = context.t.gettext
    text = update.message.text or ""
    if len(text) > RESOLUTION_MAX:
        await too_long(update, context, len(text), RESOLUTION_MAX)
        return ResolveState.NOTE
    return await _resolve(update, context, text)


async def _resolve(update: Update, context: KansrijkContext, note: str) -> ResolveState | int:
    _ = context.t.gettext
    coordinator = await current_coordinator(context)
    signal_id = draft(context, DRAFT).get("signal_id")
    if coordinator is None or signal_id is None:
        drop_draft(context, DRAFT)
        return ConversationHandler.END
    try:
        await context.services.signals_inbox.resolve(coordinator.person_id, signal_id, note)
    except DomainError as error:
        drop_draft(context, DRAFT)
        await refuse(update, context, error)
        return ConversationHandler.END
    drop_draft(context, DRAFT)
    await say(
        update,
        _("The signal is resolved and your note is saved. Thank you."),
        column([back_to(context, Section.SIGNALS), home_button(context)]),
    )
    return ConversationHandler.END


@renderer(SIGNAL_RAISED)
async def render_signal(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    """The announcement to one coordinator; cancelled when nobody needs to act any more."""
    _ = t.gettext
    view = await state.services.signals_inbox.for_recipient(
        item.person_id, int(item.payload["signal_id"])
    )
    if view is None:
        return None
    if int(item.payload.get("round", 0)) > 0:
        intro = _("Nobody has taken this urgent signal on for {hours} hours. Can you?").format(
            hours=state.settings.rules.urgent_signal_renotify_hours
        )
    else:
        intro = _("A new signal for the coordinators:")
    text = f"{intro}\n\n{signal_text(t, state, view)}"
    buttons = signal_buttons(t, view, item.person_id)
    buttons.append((_("Open the signal"), OpenSignal(view.signal.id)))
    return Rendered(text, column(buttons))


@on_command
async def signals_command(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> None:
    await show_inbox(update, context, coordinator)


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("signals", signals_command, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(open_signal, pattern=OpenSignal.matches),
        CallbackQueryHandler(claim_signal, pattern=ClaimSignal.matches),
        typed_text_conversation(
            CONVERSATION,
            DRAFT,
            [CallbackQueryHandler(start_resolving, pattern=ResolveSignal.matches)],
            ResolveState.NOTE,
            note_written,
            allow_reentry=False,
        ),
    ]
