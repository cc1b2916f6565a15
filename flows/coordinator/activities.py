"""Activities, the coordinator's side: the list, one activity with who signed up and
who waits, publishing it to its audience, and ticking who came afterwards."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import CallbackData
from bot.context import KansrijkContext
from domain.activities import Activity, ActivityDraft, Signup, SignupStatus
from domain.people import Coordinator
from flows.common.paging import page_of, with_status
from flows.common.ui import TEXT_BUDGET, column, esc, fit, show, text_length
from flows.coordinator.callbacks import (
    NewActivity,
    OpenActivity,
    PublishActivity,
    Section,
    ToggleAttendance,
)
from flows.coordinator.common import (
    PHASE_LABELS,
    back_to,
    home_button,
    language_name,
    name_or_unknown,
    on_button,
    place_name,
    scope_name,
    short_date,
    show_section_list,
    when,
)


async def show_activities(
    update: Update, context: KansrijkContext, coordinator: Coordinator, page: int = 0
) -> None:
    _ = context.t.gettext
    activities = await context.services.activities.in_scope(coordinator.person_id)
    if activities:
        text = _("Activities in {area}, soonest first. Tap one to see who signed up.").format(
            area=scope_name(context, coordinator)
        )
    else:
        text = _("There are no activities planned in {area} yet.").format(
            area=scope_name(context, coordinator)
        )
    buttons = [
        (
            f"{short_date(context, activity.starts_at)} · {activity.title}"
            f" ({activity.signed_up}/{activity.capacity})",
            OpenActivity(activity.id),
        )
        for activity in activities
    ]
    after = [(_("New activity"), NewActivity()), home_button(context)]
    await show_section_list(update, context, text, buttons, Section.ACTIVITIES, page, after)


def audience_text(context: KansrijkContext, activity: Activity | ActivityDraft) -> str:
    _ = context.t.gettext
    parts = [place_name(context, activity.municipality, activity.audience_neighbourhood)]
    if activity.audience_phase:
        parts.append(_(PHASE_LABELS[activity.audience_phase]))
    if activity.audience_language:
        parts.append(language_name(activity.audience_language))
    return " · ".join(parts)


def activity_text(context: KansrijkContext, activity: Activity | ActivityDraft) -> str:
    """An activity (or the draft of one, as a preview) for the coordinator."""
    _ = context.t.gettext
    lines = [
        f"<b>{esc(activity.title)}</b>",
        _("When: {when}").format(when=when(context, activity.starts_at)),
        _("Where: {place}").format(place=esc(activity.place)),
        _("For parents in: {audience}").format(audience=audience_text(context, activity)),
    ]
    if isinstance(activity, ActivityDraft):
        lines.append(_("Places: {capacity}.").format(capacity=activity.capacity))
    else:
        lines.append(
            _("Places: {capacity}. Signed up: {signed_up}. Waiting list: {waiting}.").format(
                capacity=activity.capacity, signed_up=activity.signed_up, waiting=activity.waiting
            )
        )
        if activity.published_at is None:
            lines.append(_("Not published yet: parents cannot see it."))
    if activity.description:
        lines.extend(["", esc(activity.description)])
    return "\n".join(lines)


def names_line(context: KansrijkContext, label: str, signups: Sequence[Signup], budget: int) -> str:
    """``label`` with the first names of ``signups`` in it, as many as fit ``budget``."""
    names = [name_or_unknown(context, signup.first_name) for signup in signups]
    room = budget - text_length(label)
    return label.format(names=fit(context.t, names, separator=", ", budget=room))


async def show_activity(
    update: Update,
    context: KansrijkContext,
    coordinator: Coordinator,
    activity_id: int,
    page_number: int = 0,
) -> None:
    """An activity with who signed up and who waits; once it started, a button per name
    (a page at a time) ticks who came."""
    _ = context.t.gettext
    activities = context.services.activities
    activity = await activities.get(coordinator.person_id, activity_id)
    signups = await activities.signups(coordinator.person_id, activity_id)
    lines = [activity_text(context, activity)]
    started = activity.has_started(context.state.clock.now())
    signed_up = [s for s in signups if s.status is SignupStatus.SIGNED_UP]
    waiting = [s for s in signups if s.status is SignupStatus.WAITLIST]
    page = page_of(signed_up if started else [], page_number)
    buttons = []
    if started and signed_up:
        lines += ["", _("Who came? Tap a name to tick it (or untick it).")]
        for signup in page.items:
            mark = "✅" if signup.attended else "⬜"
            buttons.append(
                (
                    f"{mark} {signup.first_name or '?'}",
                    ToggleAttendance(activity_id, signup.parent_id, page.number),
                )
            )
    elif signed_up:
        # Up to 500 names: each list gets its share of the message, then "… and 250 more".
        room = TEXT_BUDGET - text_length("\n".join(lines))
        share = room // 2 if waiting else room
        lines += ["", names_line(context, _("Signed up: {names}"), signed_up, share)]
    if waiting and not started:
        room = TEXT_BUDGET - text_length("\n".join(lines))
        lines.append(names_line(context, _("Waiting list, in order: {names}"), waiting, room))
    after: list[tuple[str, CallbackData]] = []
    if not activity.published and not started:
        after.append((_("Publish: tell the parents"), PublishActivity(activity_id)))
    after.append(back_to(context, Section.ACTIVITIES))
    await show(
        update,
        with_status("\n".join(lines), page.status(context.t)),
        page.markup(
            context.t, buttons, lambda number: OpenActivity(activity_id, number), after=after
        ),
    )


@on_button(OpenActivity)
async def open_activity(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: OpenActivity
) -> None:
    await show_activity(update, context, coordinator, data.activity_id, data.page)


@on_button(PublishActivity)
async def publish_activity(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: PublishActivity
) -> None:
    _ = context.t.gettext
    told = await context.services.activities.publish(coordinator.person_id, data.activity_id)
    await show(
        update,
        context.t.ngettext(
            "Published. {count} parent gets the invitation with a sign-up button.",
            "Published. {count} parents get the invitation with a sign-up button.",
            told,
        ).format(count=told),
        column([(_("Open the activity"), OpenActivity(data.activity_id)), home_button(context)]),
    )


@on_button(ToggleAttendance)
async def toggle_attendance(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: ToggleAttendance
) -> None:
    activities = context.services.activities
    signups = await activities.signups(coordinator.person_id, data.activity_id)
    signup = next((s for s in signups if s.parent_id == data.parent_id), None)
    attended = not (signup.attended if signup else False)
    await activities.set_attended(coordinator.person_id, data.activity_id, data.parent_id, attended)
    await show_activity(update, context, coordinator, data.activity_id, data.page)


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(open_activity, pattern=OpenActivity.matches),
        CallbackQueryHandler(publish_activity, pattern=PublishActivity.matches),
        CallbackQueryHandler(toggle_attendance, pattern=ToggleAttendance.matches),
    ]
