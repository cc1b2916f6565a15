"""Activities, the parent's side: what is planned for them, signing up (or joining the
waiting list), cancelling; and the messages about it: a new activity, a place that came
free, a reminder the day before. Written by the coordinators' engineer."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import CallbackData
from bot.context import AppState, KansrijkContext
from bot.delivery import Rendered, renderer
from bot.i18n import Translator
from domain.activities import ParentActivity, SignupStatus
from domain.errors import DomainError
from domain.outbox import OutboxItem
from domain.parents import Parent
from flows.common.paging import paged, with_status
from flows.common.ui import column, esc, show
from flows.parent.guard import decodes, menu_button, parent_button
from services.activities import ACTIVITY_PROMOTED, ACTIVITY_PUBLISHED, ACTIVITY_REMINDER


@dataclass(frozen=True)
class ActivityList(CallbackData, prefix="Al"):
    page: int = 0


@dataclass(frozen=True)
class OpenActivity(CallbackData, prefix="Ao"):
    activity_id: int


@dataclass(frozen=True)
class SignUp(CallbackData, prefix="As"):
    activity_id: int


@dataclass(frozen=True)
class CancelPlace(CallbackData, prefix="Ax"):
    activity_id: int


def _when(t: Translator, state: AppState, item: ParentActivity) -> str:
    return t.weekday_and_date(item.activity.starts_at, state.config.timezone)


def activity_card(t: Translator, state: AppState, item: ParentActivity) -> str:
    """The activity in plain words, with where the parent stands."""
    _ = t.gettext
    activity = item.activity
    lines = [
        f"📅 <b>{esc(activity.title)}</b>",
        _("When: {when}").format(when=_when(t, state, item)),
        _("Where: {place}").format(place=esc(activity.place)),
    ]
    if activity.description:
        lines += ["", esc(activity.description)]
    lines.append("")
    if item.status is SignupStatus.SIGNED_UP:
        lines.append(_("✅ You are signed up. I will remind you the day before."))
    elif item.status is SignupStatus.WAITLIST:
        lines.append(
            _(
                "You are number {number} on the waiting list. If a place comes free, I will tell you."
            ).format(number=item.waitlist_position or 1)
        )
    elif activity.full:
        lines.append(_("It is full. You can join the waiting list."))
    else:
        lines.append(
            t.ngettext(
                "There is {count} place left.",
                "There are {count} places left.",
                activity.places_left,
            ).format(count=activity.places_left)
        )
    return "\n".join(lines)


def activity_buttons(t: Translator, item: ParentActivity) -> list[tuple[str, CallbackData]]:
    _ = t.gettext
    activity_id = item.activity.id
    if item.status is SignupStatus.SIGNED_UP:
        return [(_("I cannot come"), CancelPlace(activity_id))]
    if item.status is SignupStatus.WAITLIST:
        return [(_("Take me off the waiting list"), CancelPlace(activity_id))]
    if item.activity.full:
        return [(_("Put me on the waiting list"), SignUp(activity_id))]
    return [(_("Sign me up"), SignUp(activity_id))]


async def show_activities(update: Update, context: KansrijkContext, page: int = 0) -> None:
    """The activities meant for this parent (the home menu's "Activities"), a page at a
    time."""
    _ = context.t.gettext
    person = context.person
    assert person is not None
    items = await context.services.activities.upcoming_for_parent(person.id)
    if not items:
        await show(
            update,
            _(
                "There are no activities for you at the moment. When there is one, I will send it to you."
            ),
            column([menu_button(context.t)]),
        )
        return
    buttons = []
    for item in items:
        local = item.activity.starts_at.astimezone(context.state.config.timezone)
        mark = "✅ " if item.status is SignupStatus.SIGNED_UP else ""
        buttons.append(
            (
                f"{mark}{context.t.date(local.date(), format='short')} · {item.activity.title}",
                OpenActivity(item.activity.id),
            )
        )
    markup, status = paged(context.t, buttons, page, ActivityList, after=[menu_button(context.t)])
    text = _("Activities for you. Tap one to read more and to sign up.")
    await show(update, with_status(text, status), markup)


async def _show_card(
    update: Update, context: KansrijkContext, item: ParentActivity, intro: str | None = None
) -> None:
    _ = context.t.gettext
    text = activity_card(context.t, context.state, item)
    if intro:
        text = f"{intro}\n\n{text}"
    buttons = [
        *activity_buttons(context.t, item),
        (_("« All activities"), ActivityList()),
        menu_button(context.t),
    ]
    await show(update, text, column(buttons))


async def _gone(update: Update, context: KansrijkContext) -> None:
    _ = context.t.gettext
    await show(
        update,
        _("This activity is no longer open for signing up."),
        column([(_("« All activities"), ActivityList()), menu_button(context.t)]),
    )


@parent_button()
async def open_list(update: Update, context: KansrijkContext, parent: Parent) -> None:
    await show_activities(update, context, ActivityList.unpack(update.callback_query.data).page)


@parent_button()
async def open_activity(update: Update, context: KansrijkContext, parent: Parent) -> None:
    data = OpenActivity.unpack(update.callback_query.data)
    try:
        item = await context.services.activities.for_parent(parent.person_id, data.activity_id)
    except DomainError:
        await _gone(update, context)
        return
    await _show_card(update, context, item)


@parent_button()
async def sign_up(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    data = SignUp.unpack(update.callback_query.data)
    activities = context.services.activities
    try:
        result = await activities.sign_up(parent.person_id, data.activity_id)
        item = await activities.for_parent(parent.person_id, data.activity_id)
    except DomainError:
        await _gone(update, context)
        return
    intro = (
        _("Nice, you are signed up!")
        if result.status is SignupStatus.SIGNED_UP
        else _("It is full, so you are on the waiting list now.")
    )
    await _show_card(update, context, item, intro)


@parent_button()
async def cancel_place(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    data = CancelPlace.unpack(update.callback_query.data)
    activities = context.services.activities
    try:
        await activities.cancel_signup(parent.person_id, data.activity_id)
        item = await activities.for_parent(parent.person_id, data.activity_id)
    except DomainError:
        await _gone(update, context)
        return
    await _show_card(
        update,
        context,
        item,
        _("Okay, you are no longer on the list. Thank you for letting us know."),
    )


# --- messages through the outbox -----------------------------------------------------


async def _current(item: OutboxItem, state: AppState) -> ParentActivity | None:
    """The activity and the parent's place in it now; None cancels the message (the
    activity was cancelled or started, or the parent stopped or paused)."""
    return await state.services.activities.status_for_parent(
        item.person_id, int(item.payload["activity_id"])
    )


def _message(t: Translator, state: AppState, current: ParentActivity, intro: str) -> Rendered:
    return Rendered(
        f"{intro}\n\n{activity_card(t, state, current)}",
        column(activity_buttons(t, current)),
    )


@renderer(ACTIVITY_PUBLISHED, scheduled=True)
async def render_published(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    current = await _current(item, state)
    if current is None:
        return None
    return _message(t, state, current, t.gettext("There is a new activity for you!"))


@renderer(ACTIVITY_PROMOTED, scheduled=True)
async def render_promoted(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    current = await _current(item, state)
    if current is None or current.status is not SignupStatus.SIGNED_UP:
        return None
    intro = t.gettext(
        "Good news: a place came free, so you are signed up now! Can you not come after"
        " all? Then tap the button, so someone else can go."
    )
    return _message(t, state, current, intro)


@renderer(ACTIVITY_REMINDER, scheduled=True)
async def render_reminder(item: OutboxItem, t: Translator, state: AppState) -> Rendered | None:
    current = await _current(item, state)
    if current is None or current.status is not SignupStatus.SIGNED_UP:
        return None
    return _message(
        t, state, current, t.gettext("A reminder: this activity is coming soon. See you there!")
    )


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(open_list, pattern=decodes(ActivityList)),
        CallbackQueryHandler(open_activity, pattern=decodes(OpenActivity)),
        CallbackQueryHandler(sign_up, pattern=decodes(SignUp)),
        CallbackQueryHandler(cancel_place, pattern=decodes(CancelPlace)),
    ]
