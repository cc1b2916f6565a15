"""The questions of logging a contact, each with its buttons. The same questions serve a
new log and a correction (then the stored answer is ticked)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.callbacks import CallbackData
from bot.context import KansrijkContext
from domain.buddies import Family
from domain.contacts import (
    DURATIONS,
    MOODS,
    NOTE_MAX_LENGTH,
    OLDEST_CONTACT,
    Concern,
    ContactKind,
    Topic,
)
from domain.errors import NotAllowed
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
)
from flows.buddy.guard import refuse_family
from flows.buddy.home import local_today
from flows.buddy.texts import (
    CONCERN_LABELS,
    KIND_LABELS,
    MOOD_LABELS,
    TOPIC_LABELS,
    button_name,
    checked,
    duration_label,
    family_name,
)
from flows.common.conversation import draft
from flows.common.paging import paged, with_status
from flows.common.ui import acknowledge, column, grid, keyboard, say, show

DRAFT = "contact_log"
# "Another day" offers the days before yesterday up to a week ago; older ones are typed.
PICKABLE_DAYS = range(2, 8)
Question = tuple[str, InlineKeyboardMarkup | None]


class LogStep(StrEnum):
    FAMILY = "family"
    DAY = "day"
    OTHER_DAY = "other_day"
    KIND = "kind"
    DURATION = "duration"
    TOPICS = "topics"
    MOOD = "mood"
    CONCERN = "concern"
    CONCERN_NOTE = "concern_note"
    REVIEW = "review"
    NOTE = "note"


def log_draft(context: KansrijkContext) -> dict[str, Any]:
    """parent_id, step, and the answers so far (day, kind, minutes, topics, mood,
    concern); contact_id when correcting a saved log. Never the note's text."""
    return draft(context, DRAFT)


async def ask(
    update: Update,
    context: KansrijkContext,
    buddy_id: int,
    step: LogStep,
    *,
    new_message: bool = False,
    notice: str | None = None,
    answer: str | None = None,
) -> object:
    """Show the question of ``step`` (replacing the tapped message, or as a new one) and
    return ``step`` as the conversation's state. Re-checks that the family is the
    buddy's own at every step. Answers the tap (with ``answer``, if given): in the buddy
    flows whoever renders the reply answers the button."""
    current = log_draft(context)
    current["step"] = step
    try:
        family = await context.services.buddies.family(buddy_id, current["parent_id"])
    except (KeyError, NotAllowed):
        return await refuse_family(update, context)
    await acknowledge(update, answer)
    text, markup = question(context, step, family, current)
    if notice:
        text = f"{notice}\n\n{text}"
    await (say if new_message else show)(update, text, markup)
    return step


async def ask_family(
    update: Update,
    context: KansrijkContext,
    families: list[Family],
    page: int = 0,
    answer: str | None = None,
) -> object:
    """Which family (a page of them; the menu's "Log a contact" button turns the page).
    Answers the tap (with ``answer``, if given)."""
    _ = context.t.gettext
    log_draft(context)["step"] = LogStep.FAMILY
    await acknowledge(update, answer)
    markup, status = paged(
        context.t,
        [(button_name(f), LogFor(f.parent_id)) for f in families],
        page,
        lambda number: BuddyMenu(MenuAction.LOG, number),
    )
    text = _("📝 <b>Log a contact</b>\n\nWhich family was the contact with?")
    await show(update, with_status(text, status), markup)
    return LogStep.FAMILY


def question(
    context: KansrijkContext, step: LogStep, family: Family, answers: dict[str, Any]
) -> Question:
    _ = context.t.gettext
    name = family_name(context.t, family)
    if "contact_id" in answers:
        header = _("✏️ <b>Change the log of your contact with {name}</b>").format(name=name)
    else:
        header = _("📝 <b>Contact with {name}</b>").format(name=name)
    text, markup = _QUESTIONS[step](context, answers)
    return f"{header}\n\n{text}", markup


def _day_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    return _("When was it?"), keyboard(
        [(_("Today"), LogDay(0)), (_("Yesterday"), LogDay(1))],
        [(_("📅 Another day"), LogDay(None))],
    )


def _other_day_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    today = local_today(context)
    days = [today - timedelta(days=n) for n in PICKABLE_DAYS]
    return (
        _("Which day was it? Tap a day, or type the date (for example 14-11)."),
        grid([(context.t.date(day, "EEE d MMM"), LogDay((today - day).days)) for day in days]),
    )


def _kind_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    chosen = answers.get("kind")
    return _("What kind of contact was it?"), column(
        [(checked(_(KIND_LABELS[kind]), kind == chosen), LogKind(kind)) for kind in ContactKind]
    )


def _duration_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    chosen = answers.get("minutes")
    return _("How long did it take?"), grid(
        [
            (checked(duration_label(context.t, minutes), minutes == chosen), LogDuration(minutes))
            for minutes in DURATIONS
        ]
    )


def _topics_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    chosen = set(answers.get("topics", []))
    buttons = [
        (checked(_(TOPIC_LABELS[topic]), topic in chosen), LogTopic(topic)) for topic in Topic
    ]
    return (
        _("What did you talk about? Tap all topics that fit, then tap Done."),
        keyboard(*_pairs(buttons), [(_("Done ➜"), LogTopic(None))]),
    )


def _pairs(buttons: list[tuple[str, CallbackData]]) -> list[list[tuple[str, CallbackData]]]:
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]


def _mood_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    chosen = answers.get("mood")
    return _("How did the parent seem?"), column(
        [(checked(_(MOOD_LABELS[score]), score == chosen), LogMood(score)) for score in MOODS]
    )


def _concern_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    return _("Are you worried about this family?"), column(
        [(_(CONCERN_LABELS[concern]), LogConcern(concern)) for concern in Concern]
    )


def _concern_note_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    if answers.get("concern") == Concern.URGENT:
        intro = _("The coordinators will be told right away.")
    else:
        intro = _("A coordinator will look at it.")
    return (
        intro
        + "\n"
        + _("What worries you? Type it in a few words (at most {limit} characters).").format(
            limit=NOTE_MAX_LENGTH
        ),
        None,
    )


def _note_question(context: KansrijkContext, answers: dict[str, Any]) -> Question:
    _ = context.t.gettext
    return (
        _(
            "Type your note (at most {limit} characters). Your coordinator can read it too."
            " Type /cancel to stop."
        ).format(limit=NOTE_MAX_LENGTH),
        None,
    )


_QUESTIONS: dict[LogStep, Callable[[KansrijkContext, dict[str, Any]], Question]] = {
    LogStep.DAY: _day_question,
    LogStep.OTHER_DAY: _other_day_question,
    LogStep.KIND: _kind_question,
    LogStep.DURATION: _duration_question,
    LogStep.TOPICS: _topics_question,
    LogStep.MOOD: _mood_question,
    LogStep.CONCERN: _concern_question,
    LogStep.CONCERN_NOTE: _concern_note_question,
    LogStep.NOTE: _note_question,
}


def typed_day_problem(context: KansrijkContext, day: date) -> str | None:
    """Why a typed contact date cannot be used, or None."""
    _ = context.t.gettext
    today = local_today(context)
    if day > today:
        return _("That date is in the future. Which day was the contact?")
    if day < today - OLDEST_CONTACT:
        return _("That date is more than {days} days ago. Which day was the contact?").format(
            days=OLDEST_CONTACT.days
        )
    return None
