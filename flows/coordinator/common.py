"""What every coordinator screen shares: the role check, turning domain errors into kind
messages, and the labels of programme terms."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from telegram import Update

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import KansrijkContext
from bot.i18n import N_, Translator, native_name
from domain.errors import DomainError, InvalidInput, NotFound
from domain.matches import EndReason
from domain.parents import Phase
from domain.people import Coordinator, Role
from domain.referrals import SourceKind
from domain.signals import SignalKind
from flows.common.fallbacks import stale_button, unknown_command
from flows.common.paging import paged, with_status
from flows.common.ui import acknowledge, column, esc, say, show
from flows.coordinator.callbacks import Menu, Section

Data = TypeVar("Data", bound=CallbackData)
ButtonHandler = Callable[[Update, KansrijkContext, Coordinator, Data], Awaitable[object]]
CommandFunction = Callable[[Update, KansrijkContext, Coordinator], Awaitable[object]]

PHASE_LABELS = {
    Phase.WISH: N_("wish for a child"),
    Phase.PREGNANT: N_("pregnant"),
    Phase.BABY: N_("baby"),
    Phase.ENDED: N_("pregnancy ended"),
}
SOURCE_LABELS = {
    SourceKind.MIDWIFE: N_("Midwife practice"),
    SourceKind.JGZ: N_("Consultatiebureau (JGZ)"),
    SourceKind.GP: N_("GP practice"),
    SourceKind.SOCIAL_TEAM: N_("Social team"),
    SourceKind.KRAAMZORG: N_("Maternity care (kraamzorg)"),
    SourceKind.OTHER: N_("Other source"),
}
END_REASON_LABELS = {
    EndReason.GOALS_REACHED: N_("Goals reached"),
    EndReason.MOVED_AWAY: N_("Moved away"),
    EndReason.STOPPED: N_("Stopped"),
    EndReason.REFERRED: N_("Referred to professional care"),
    EndReason.REASSIGNED: N_("Another buddy"),
    EndReason.OTHER: N_("Other reason"),
}
SIGNAL_LABELS = {
    SignalKind.URGENT_HELP: N_("Urgent request for help"),
    SignalKind.BUDDY_CONCERN: N_("Concern from a buddy"),
    SignalKind.UNANSWERED_QUESTION: N_("Question without an answer"),
    SignalKind.LOW_MOOD: N_("Low mood, buddy did not respond"),
    SignalKind.PREGNANCY_ENDED: N_("Pregnancy ended"),
    SignalKind.OTHER: N_("Other signal"),
}
# InvalidInput reasons the services raise, as the coordinator reads them.
PROBLEMS = {
    "already_matched": N_("This family already has a buddy."),
    "not_matched": N_("This family has no buddy right now."),
    "same_buddy": N_("That buddy already supports this family."),
    "match_ended": N_("This match has already ended."),
    "parent_stopped": N_("This parent has stopped with the programme."),
    "buddy_inactive": N_("This buddy cannot be reached in Telegram at the moment."),
    "claimed": N_("A colleague has already claimed this signal."),
    "resolved": N_("This signal has already been resolved."),
    "published": N_("This activity has already been published."),
    "started": N_("This activity has already started."),
    "not_started": N_("You can tick who came once the activity has started."),
    "confirmed": N_("This message has already been sent."),
    "municipality": N_("That municipality is not in your area."),
}


def scope_name(context: KansrijkContext, coordinator: Coordinator) -> str:
    _ = context.t.gettext
    if coordinator.municipality is None:
        return _("the province of {province}").format(province=esc(context.settings.province))
    return esc(context.settings.municipality_name(coordinator.municipality))


def place_name(context: KansrijkContext, municipality: str, neighbourhood: str | None) -> str:
    """ "Beijum, Groningen" (or just the municipality)."""
    town = context.settings.municipality_name(municipality)
    if neighbourhood:
        return esc(f"{context.settings.neighbourhood_name(municipality, neighbourhood)}, {town}")
    return esc(town)


def language_name(language: str | None) -> str:
    return native_name(language or "nl")


def when(context: KansrijkContext, moment: datetime) -> str:
    return context.t.weekday_and_date(moment, context.state.config.timezone)


def short_date(context: KansrijkContext, moment: datetime) -> str:
    local = moment.astimezone(context.state.config.timezone)
    return f"{context.t.date(local.date(), format='medium')} {context.t.time(moment, context.state.config.timezone)}"


def name_or_unknown(context: KansrijkContext, first_name: str | None) -> str:
    _ = context.t.gettext
    return esc(first_name) if first_name else _("(no name)")


def back_to(context: KansrijkContext, section: Section) -> tuple[str, Menu]:
    if section is Section.HOME:
        return menu_button(context.t)
    return (context.t.gettext("« Back"), Menu(section))


def menu_button(t: Translator) -> tuple[str, Menu]:
    return (t.gettext("« Menu"), Menu(Section.HOME))


def home_button(context: KansrijkContext) -> tuple[str, Menu]:
    return menu_button(context.t)


async def show_section_list(
    update: Update,
    context: KansrijkContext,
    text: str,
    buttons: Sequence[tuple[str, CallbackData]],
    section: Section,
    page: int,
    after: Sequence[tuple[str, CallbackData]],
) -> None:
    """A menu section's list, a page at a time: the section's own menu button, with the
    page's number, turns the page; ``after`` comes under it (a new item, the way back)."""
    markup, status = paged(
        context.t, buttons, page, lambda number: Menu(section, number), after=after
    )
    await show(update, with_status(text, status), markup)


async def too_long(update: Update, context: KansrijkContext, length: int, limit: int) -> None:
    """The kind answer to a text over its limit (the question stays the same)."""
    _ = context.t.gettext
    await say(
        update,
        _("That is {length} characters; please keep it under {limit}.").format(
            length=length, limit=limit
        ),
    )


async def current_coordinator(context: KansrijkContext) -> Coordinator | None:
    person = context.person
    if person is None or person.role is not Role.COORDINATOR:
        return None
    try:
        return await context.services.coordinators.get(person.id)
    except DomainError:
        return None


async def refuse(update: Update, context: KansrijkContext, error: DomainError) -> None:
    """A kind message for what a service refused; never more about other people."""
    _ = context.t.gettext
    if isinstance(error, NotFound):
        text = _("I cannot find that (any more), or it is outside your area.")
    elif isinstance(error, InvalidInput) and error.reason in PROBLEMS:
        text = _(PROBLEMS[error.reason])
    elif isinstance(error, InvalidInput):
        text = _("That did not work. Please check it and try again.")
    else:
        text = _("That is not possible with your access.")
    await say(update, text, column([home_button(context)]))


def on_button(data_type: type[Data]) -> Callable[[ButtonHandler[Data]], Callable]:
    """A coordinator's button: decode its data, check the role, answer the tap, run the
    handler, and turn a refused action into a kind message. Anyone else, or data that no
    longer decodes, gets the polite "this button no longer works"."""

    def wrap(handler: ButtonHandler[Data]) -> Callable:
        @functools.wraps(handler)
        async def run(update: Update, context: KansrijkContext) -> object:
            coordinator = await current_coordinator(context)
            try:
                data = data_type.unpack(update.callback_query.data)
            except InvalidCallbackData:
                data = None
            if coordinator is None or data is None:
                await stale_button(update, context)
                return None
            await acknowledge(update)
            try:
                return await handler(update, context, coordinator, data)
            except DomainError as error:
                await refuse(update, context, error)
                return None

        return run

    return wrap


def on_command(handler: CommandFunction) -> Callable:
    """A coordinator's command; for anyone else it is an unknown command."""

    @functools.wraps(handler)
    async def run(update: Update, context: KansrijkContext) -> object:
        coordinator = await current_coordinator(context)
        if coordinator is None:
            await unknown_command(update, context)
            return None
        try:
            return await handler(update, context, coordinator)
        except DomainError as error:
            await refuse(update, context, error)
            return None

    return run
