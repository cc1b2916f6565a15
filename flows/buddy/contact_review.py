"""A saved contact log: its summary with what the buddy can still do (add a note,
change something, delete it) for the correction window, and the list of recent logs."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.callbacks import InvalidCallbackData
from bot.context import KansrijkContext
from domain.contacts import CORRECTION_WINDOW, Contact
from domain.errors import NotAllowed, NotFound
from flows.buddy.callbacks import BuddyMenu, MenuAction, OpenLog, ReviewAction, ReviewLog
from flows.buddy.contact_questions import DRAFT, LogStep, ask, log_draft
from flows.buddy.guard import buddy_only, refuse_family
from flows.buddy.home import back_to_menu, show_buddy_home
from flows.buddy.texts import KIND_LABELS, button_name, details_lines, family_name
from flows.common.conversation import drop_draft
from flows.common.paging import paged, tapped_page, with_status
from flows.common.ui import acknowledge, column, keyboard, say, show

# Which question a change button asks again.
_CHANGE_STEPS = {
    ReviewAction.NOTE: LogStep.NOTE,
    ReviewAction.DAY: LogStep.DAY,
    ReviewAction.KIND: LogStep.KIND,
    ReviewAction.DURATION: LogStep.DURATION,
    ReviewAction.TOPICS: LogStep.TOPICS,
    ReviewAction.MOOD: LogStep.MOOD,
}


async def show_review(
    update: Update,
    context: KansrijkContext,
    buddy_id: int,
    contact: Contact,
    *,
    header: str | None = None,
    mode: ReviewAction = ReviewAction.BACK,
    new_message: bool = False,
    answer: str | None = None,
) -> object:
    """The log's summary with its buttons; ``mode`` CHANGE shows what can be changed,
    DELETE asks to confirm. Answers the tap (with ``answer``); returns the state."""
    _ = context.t.gettext
    assert contact.parent_id is not None
    try:
        family = await context.services.buddies.family(buddy_id, contact.parent_id)
    except NotAllowed:
        return await refuse_family(update, context)
    await acknowledge(update, answer)
    drop_draft(context, DRAFT)
    log_draft(context).update(
        step=LogStep.REVIEW, contact_id=contact.id, parent_id=contact.parent_id
    )
    now = context.state.clock.now()
    title = header or _("🗂 <b>Your contact with {name}</b>").format(
        name=family_name(context.t, family)
    )
    lines = [title, "", *details_lines(context.t, contact.details)]
    correctable = contact.correctable(now)
    if correctable:
        until = (contact.created_at + CORRECTION_WINDOW).astimezone(context.state.config.timezone)
        lines += [
            "",
            _("You can change or delete this log until {date}.").format(
                date=context.t.date(until.date(), "d MMMM")
            ),
        ]
    if mode is ReviewAction.DELETE:
        lines += ["", _("<b>Delete this log?</b> This cannot be undone.")]
    text = "\n".join(lines)
    markup = _review_buttons(context, contact, mode if correctable else None)
    await (say if new_message else show)(update, text, markup)
    return LogStep.REVIEW


def _review_buttons(
    context: KansrijkContext, contact: Contact, mode: ReviewAction | None
) -> InlineKeyboardMarkup:
    _ = context.t.gettext

    def button(label: str, action: ReviewAction) -> tuple[str, ReviewLog]:
        return label, ReviewLog(contact.id, action)

    if mode is ReviewAction.CHANGE:
        return keyboard(
            [button(_("📅 Date"), ReviewAction.DAY), button(_("🏠 Kind"), ReviewAction.KIND)],
            [
                button(_("⏱ Duration"), ReviewAction.DURATION),
                button(_("🏷 Topics"), ReviewAction.TOPICS),
            ],
            [button(_("🙂 How the parent seemed"), ReviewAction.MOOD)],
            [button(_("⬅️ Back"), ReviewAction.BACK)],
        )
    if mode is ReviewAction.DELETE:
        return column(
            [
                button(_("🗑 Yes, delete"), ReviewAction.DELETE_CONFIRMED),
                button(_("⬅️ No, keep it"), ReviewAction.BACK),
            ]
        )
    done = button(_("✅ Done"), ReviewAction.DONE)
    if mode is None:  # too old to change
        return column([done])
    note = _("✏️ Change the note") if contact.details.note else _("📝 Add a note")
    return column(
        [
            button(note, ReviewAction.NOTE),
            button(_("✏️ Change something"), ReviewAction.CHANGE),
            button(_("🗑 Delete"), ReviewAction.DELETE),
            done,
        ]
    )


@buddy_only
async def open_log(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    try:
        contact_id = OpenLog.unpack(update.callback_query.data).contact_id
        contact = await context.services.contacts.own(buddy_id, contact_id)
    except (InvalidCallbackData, NotFound):
        return await refuse_family(update, context)
    return await show_review(update, context, buddy_id, contact)


@buddy_only
async def review_action(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """A button under a log's summary. The log is looked up again for every tap: it must
    be the buddy's own, of a family still matched with them, and young enough to change."""
    _ = context.t.gettext
    try:
        data = ReviewLog.unpack(update.callback_query.data)
        contact = await context.services.contacts.own(buddy_id, data.contact_id)
    except (InvalidCallbackData, NotFound):
        return await refuse_family(update, context)
    action = data.action
    if action is ReviewAction.DONE:
        await acknowledge(update, _("Saved. Thank you!"))
        drop_draft(context, DRAFT)
        await update.callback_query.edit_message_reply_markup(None)
        await show_buddy_home(update, context, new_message=True)
        return ConversationHandler.END
    if action is not ReviewAction.BACK and not contact.correctable(context.state.clock.now()):
        return await show_review(
            update, context, buddy_id, contact, answer=_("This log can no longer be changed.")
        )
    if action is ReviewAction.DELETE_CONFIRMED:
        try:
            await context.services.contacts.delete(buddy_id, contact.id)
        except (NotFound, NotAllowed):
            return await refuse_family(update, context)
        await acknowledge(update)
        drop_draft(context, DRAFT)
        await show(update, _("🗑 The log is deleted."))
        await show_buddy_home(update, context, new_message=True)
        return ConversationHandler.END
    if action in _CHANGE_STEPS:
        # The stored answers, so the question shows them ticked (the note stays out:
        # drafts are not encrypted).
        details = contact.details
        log_draft(context).update(
            day=details.day.isoformat(),
            kind=details.kind,
            minutes=details.duration_minutes,
            topics=list(details.topics),
            mood=details.parent_mood,
        )
        return await ask(update, context, buddy_id, _CHANGE_STEPS[action])
    return await show_review(update, context, buddy_id, contact, mode=action)


@buddy_only
async def show_recent_logs(update: Update, context: KansrijkContext, buddy_id: int) -> None:
    """The buddy's logs that can still be changed, newest first, a page at a time."""
    _ = context.t.gettext
    await acknowledge(update)
    contacts = await context.services.contacts.recent(buddy_id)
    if not contacts:
        await show(
            update,
            _("You logged no contacts in the last {days} days.").format(
                days=CORRECTION_WINDOW.days
            ),
            column([back_to_menu(context)]),
        )
        return
    names = {
        family.parent_id: button_name(family)
        for family in await context.services.buddies.families(buddy_id)
    }
    buttons = [
        (
            "{date} · {name} · {kind}".format(
                date=context.t.date(contact.details.day, "d MMM"),
                name=names.get(contact.parent_id or 0, "?"),
                kind=_(KIND_LABELS[contact.details.kind]),
            ),
            OpenLog(contact.id),
        )
        for contact in contacts
    ]
    markup, status = paged(
        context.t,
        buttons,
        tapped_page(update, BuddyMenu),
        lambda page: BuddyMenu(MenuAction.LOGS, page),
        after=[back_to_menu(context)],
    )
    text = _(
        "🗂 <b>Your logs of the last {days} days</b>\nTap one to see it, change it or delete it."
    ).format(days=CORRECTION_WINDOW.days)
    await show(update, with_status(text, status), markup)
