"""Logging a contact in a few taps: family → when → kind → duration → topics → how the
parent seemed → concern → saved. A typical visit takes eight taps; a note can be added
to the saved log. "Some" or "urgent" concern asks for a short note and raises a signal
for the coordinators. The same questions correct a saved log for a week."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
)

from bot.callbacks import CallbackData, InvalidCallbackData
from bot.context import KansrijkContext
from domain.contacts import (
    DURATIONS,
    MOODS,
    NOTE_MAX_LENGTH,
    Concern,
    ContactDetails,
    ContactKind,
    Topic,
)
from domain.dates import DateRejected, YearGuess, parse_date
from domain.errors import InvalidInput, NotAllowed, NotFound
from flows.buddy.callbacks import (
    BuddyMenu,
    LogConcern,
    LogDay,
    LogDuration,
    LogFor,
    LogKind,
    LogMood,
    LogTopic,
    MenuAction,
    OpenLog,
    ReviewLog,
    menu_is,
)
from flows.buddy.contact_questions import (
    DRAFT,
    PICKABLE_DAYS,
    LogStep,
    ask,
    ask_family,
    log_draft,
    typed_day_problem,
)
from flows.buddy.contact_review import open_log, review_action, show_review
from flows.buddy.guard import buddy_command, buddy_only, refuse_family
from flows.buddy.home import back_to_menu, local_today
from flows.common.conversation import drop_draft, leave_for_other_flows
from flows.common.fallbacks import PLAIN_TEXT, conversation_fallbacks
from flows.common.paging import tapped_page
from flows.common.ui import acknowledge, column, say, show

CONVERSATION = "buddy_contact_log"
Data = TypeVar("Data", bound=CallbackData)
STEP_BUTTONS = (LogDay, LogKind, LogDuration, LogTopic, LogMood, LogConcern)


async def _start_log(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """/log or the menu: pick the family (skipped when there is only one); the menu's
    button with a page number turns the page of that list."""
    _ = context.t.gettext
    drop_draft(context, DRAFT)
    families = await context.services.buddies.families(buddy_id)
    if not families:
        await acknowledge(update)
        await show(
            update,
            _("You have no family yet. Your coordinator will match you soon."),
            column([back_to_menu(context)]),
        )
        return ConversationHandler.END
    if len(families) == 1:
        log_draft(context)["parent_id"] = families[0].parent_id
        return await ask(update, context, buddy_id, LogStep.DAY)
    return await ask_family(update, context, families, tapped_page(update, BuddyMenu))


start_log = buddy_only(_start_log)


@buddy_only
async def log_for(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """A family picked (from the list, or "Log a contact" on its card)."""
    try:
        parent_id = LogFor.unpack(update.callback_query.data).parent_id
    except InvalidCallbackData:
        return await refuse_family(update, context)
    drop_draft(context, DRAFT)
    log_draft(context)["parent_id"] = parent_id
    # ask() checks that the family is the buddy's own before showing anything.
    return await ask(update, context, buddy_id, LogStep.DAY)


def _unpack(update: Update, kind: type[Data]) -> Data | None:
    try:
        return kind.unpack(update.callback_query.data)
    except InvalidCallbackData:
        return None


@buddy_only
async def on_day(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    data = _unpack(update, LogDay)
    if data is None or (data.days_ago is not None and not 0 <= data.days_ago <= PICKABLE_DAYS[-1]):
        return await repeat(update, context)
    if data.days_ago is None:
        return await ask(update, context, buddy_id, LogStep.OTHER_DAY)
    return await _day_chosen(
        update, context, buddy_id, local_today(context) - timedelta(data.days_ago)
    )


@buddy_only
async def on_typed_day(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    _ = context.t.gettext
    text = update.message.text or ""
    today = local_today(context)
    try:
        day = parse_date(text, context.t.language, today, YearGuess.PAST)
    except DateRejected:
        problem = _("I could not read that date. Please type it like 14-11, or tap a day.")
    else:
        problem = typed_day_problem(context, day)
        if problem is None:
            return await _day_chosen(update, context, buddy_id, day, new_message=True)
    return await ask(update, context, buddy_id, LogStep.OTHER_DAY, new_message=True, notice=problem)


async def _day_chosen(
    update: Update, context: KansrijkContext, buddy_id: int, day: date, new_message: bool = False
) -> object:
    return await _answered(
        update,
        context,
        buddy_id,
        LogStep.KIND,
        keep=("day", day.isoformat()),
        new_message=new_message,
        day=day,
    )


async def _answered(
    update: Update,
    context: KansrijkContext,
    buddy_id: int,
    then: LogStep,
    *,
    keep: tuple[str, object],
    new_message: bool = False,
    **change: object,
) -> object:
    """One answer given: a new log keeps it in the draft (``keep``: key and value) and
    asks ``then``; a saved log that is being corrected gets the ``change`` right away."""
    if "contact_id" in log_draft(context):
        return await _correct(update, context, buddy_id, new_message=new_message, **change)
    key, value = keep
    log_draft(context)[key] = value
    return await ask(update, context, buddy_id, then, new_message=new_message)


@buddy_only
async def on_kind(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    data = _unpack(update, LogKind)
    if data is None:
        return await repeat(update, context)
    return await _answered(
        update, context, buddy_id, LogStep.DURATION, keep=("kind", data.kind), kind=data.kind
    )


@buddy_only
async def on_duration(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    data = _unpack(update, LogDuration)
    if data is None or data.minutes not in DURATIONS:
        return await repeat(update, context)
    return await _answered(
        update,
        context,
        buddy_id,
        LogStep.TOPICS,
        keep=("minutes", data.minutes),
        duration_minutes=data.minutes,
    )


@buddy_only
async def on_topic(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """A topic toggles (the same message updates in place); Done goes on."""
    _ = context.t.gettext
    data = _unpack(update, LogTopic)
    current = log_draft(context)
    topics: list[str] = current.setdefault("topics", [])
    if data is None:
        return await repeat(update, context)
    if data.topic is not None:
        if data.topic in topics:
            topics.remove(data.topic)
        else:
            topics.append(data.topic)
        return await ask(update, context, buddy_id, LogStep.TOPICS)
    if not topics:
        await acknowledge(update, _("Please choose at least one topic."), alert=True)
        return LogStep.TOPICS
    chosen = tuple(topic for topic in Topic if topic in topics)
    if "contact_id" in current:
        return await _correct(update, context, buddy_id, topics=chosen)
    return await ask(update, context, buddy_id, LogStep.MOOD)


@buddy_only
async def on_mood(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    data = _unpack(update, LogMood)
    if data is None or data.score not in MOODS:
        return await repeat(update, context)
    return await _answered(
        update,
        context,
        buddy_id,
        LogStep.CONCERN,
        keep=("mood", data.score),
        parent_mood=data.score,
    )


@buddy_only
async def on_concern(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    data = _unpack(update, LogConcern)
    if data is None or "contact_id" in log_draft(context):
        return await repeat(update, context)
    if data.concern is Concern.NONE:
        return await _save(update, context, buddy_id, Concern.NONE, note=None)
    log_draft(context)["concern"] = data.concern
    return await ask(update, context, buddy_id, LogStep.CONCERN_NOTE)


@buddy_only
async def on_concern_note(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    note = _note_from(update)
    if note is None:
        return await _note_too_long(update, context, buddy_id, LogStep.CONCERN_NOTE)
    concern = Concern(log_draft(context).get("concern", Concern.SOME))
    return await _save(update, context, buddy_id, concern, note=note, new_message=True)


@buddy_only
async def on_note(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """A note added to (or changed on) a saved log."""
    note = _note_from(update)
    if note is None:
        return await _note_too_long(update, context, buddy_id, LogStep.NOTE)
    return await _correct(update, context, buddy_id, new_message=True, note=note)


def _note_from(update: Update) -> str | None:
    text = (update.message.text or "").strip()
    return text if text and len(text) <= NOTE_MAX_LENGTH else None


async def _note_too_long(
    update: Update, context: KansrijkContext, buddy_id: int, step: LogStep
) -> object:
    _ = context.t.gettext
    notice = _("That is too long: at most {limit} characters. Please write it shorter.").format(
        limit=NOTE_MAX_LENGTH
    )
    return await ask(update, context, buddy_id, step, new_message=True, notice=notice)


async def _save(
    update: Update,
    context: KansrijkContext,
    buddy_id: int,
    concern: Concern,
    *,
    note: str | None,
    new_message: bool = False,
) -> object:
    _ = context.t.gettext
    answers = log_draft(context)
    try:
        details = ContactDetails(
            day=date.fromisoformat(answers["day"]),
            kind=ContactKind(answers["kind"]),
            duration_minutes=int(answers["minutes"]),
            topics=tuple(Topic(topic) for topic in answers["topics"]),
            parent_mood=int(answers["mood"]),
            concern=concern,
            note=note,
        )
        contact = await context.services.contacts.log(buddy_id, int(answers["parent_id"]), details)
    except NotAllowed:
        return await refuse_family(update, context)
    except (KeyError, ValueError, InvalidInput):
        # A draft from an older version or a half-lost one: start this log again.
        drop_draft(context, DRAFT)
        await acknowledge(update)
        await say(update, _("Sorry, I lost track of this log. Please start again with /log."))
        return ConversationHandler.END
    header = [_("✅ <b>Saved.</b> Thank you!")]
    if concern is Concern.URGENT:
        header.append(_("🚨 The coordinators have been told right away."))
    elif concern is Concern.SOME:
        header.append(_("⚠️ A coordinator has been told and will look at it."))
    return await show_review(
        update, context, buddy_id, contact, header="\n".join(header), new_message=new_message
    )


async def _correct(
    update: Update,
    context: KansrijkContext,
    buddy_id: int,
    *,
    new_message: bool = False,
    **changes: object,
) -> object:
    _ = context.t.gettext
    contact_id = int(log_draft(context)["contact_id"])
    try:
        contact = await context.services.contacts.correct(buddy_id, contact_id, **changes)
    except NotFound:
        return await refuse_family(update, context)
    except NotAllowed:
        contact = await context.services.contacts.own(buddy_id, contact_id)
        header = _("This log can no longer be changed.")
    except InvalidInput:
        contact = await context.services.contacts.own(buddy_id, contact_id)
        header = _("That change is not possible.")
    else:
        header = _("✅ <b>Changed.</b>")
    return await show_review(
        update, context, buddy_id, contact, header=header, new_message=new_message
    )


@buddy_only
async def repeat_question(update: Update, context: KansrijkContext, buddy_id: int) -> object:
    """Text where a button is expected, or a button of an earlier step: ask again."""
    _ = context.t.gettext
    answer = _("That button belongs to another step.") if update.callback_query else None
    return await repeat(update, context, answer)


async def repeat(update: Update, context: KansrijkContext, answer: str | None = None) -> object:
    """Ask the current step's question again (as a new message after text)."""
    _ = context.t.gettext
    person = context.person
    assert person is not None
    current = log_draft(context)
    step = LogStep(current.get("step", LogStep.DAY))
    new_message = update.callback_query is None
    notice = _("Please tap one of the buttons.") if new_message else None
    if step is LogStep.FAMILY:
        families = await context.services.buddies.families(person.id)
        return await ask_family(update, context, families, answer=answer)
    if step is LogStep.REVIEW and "contact_id" in current:
        try:
            contact = await context.services.contacts.own(person.id, int(current["contact_id"]))
        except NotFound:
            return await refuse_family(update, context)
        return await show_review(
            update, context, person.id, contact, new_message=new_message, answer=answer
        )
    return await ask(
        update, context, person.id, step, new_message=new_message, notice=notice, answer=answer
    )


def _any_step_button(data: object) -> bool:
    return any(kind.matches(data) for kind in STEP_BUTTONS)


def handlers() -> list[BaseHandler]:
    text_means_repeat = MessageHandler(PLAIN_TEXT, repeat_question)
    return [
        ConversationHandler(
            name=CONVERSATION,
            persistent=True,
            allow_reentry=True,
            entry_points=[
                buddy_command("log", _start_log, conversation=CONVERSATION),
                CallbackQueryHandler(start_log, pattern=menu_is(MenuAction.LOG)),
                CallbackQueryHandler(log_for, pattern=LogFor.matches),
                CallbackQueryHandler(open_log, pattern=OpenLog.matches),
                CallbackQueryHandler(review_action, pattern=ReviewLog.matches),
            ],
            states={
                LogStep.FAMILY: [text_means_repeat],
                LogStep.DAY: [
                    CallbackQueryHandler(on_day, pattern=LogDay.matches),
                    text_means_repeat,
                ],
                LogStep.OTHER_DAY: [
                    CallbackQueryHandler(on_day, pattern=LogDay.matches),
                    MessageHandler(PLAIN_TEXT, on_typed_day),
                ],
                LogStep.KIND: [
                    CallbackQueryHandler(on_kind, pattern=LogKind.matches),
                    text_means_repeat,
                ],
                LogStep.DURATION: [
                    CallbackQueryHandler(on_duration, pattern=LogDuration.matches),
                    text_means_repeat,
                ],
                LogStep.TOPICS: [
                    CallbackQueryHandler(on_topic, pattern=LogTopic.matches),
                    text_means_repeat,
                ],
                LogStep.MOOD: [
                    CallbackQueryHandler(on_mood, pattern=LogMood.matches),
                    text_means_repeat,
                ],
                LogStep.CONCERN: [
                    CallbackQueryHandler(on_concern, pattern=LogConcern.matches),
                    text_means_repeat,
                ],
                LogStep.CONCERN_NOTE: [MessageHandler(PLAIN_TEXT, on_concern_note)],
                LogStep.NOTE: [MessageHandler(PLAIN_TEXT, on_note)],
                LogStep.REVIEW: [text_means_repeat],
            },
            fallbacks=[
                CallbackQueryHandler(repeat_question, pattern=_any_step_button),
                *conversation_fallbacks(),
                *leave_for_other_flows(CONVERSATION, DRAFT),
            ],
        )
    ]
