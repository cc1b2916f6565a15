"""Labels and short texts the buddy flows share: contact kinds, topics, moods, a
family's stage, a log's summary. Marked with N_ here, translated where shown."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from bot.callbacks import CallbackData
from bot.i18n import N_, Translator
from domain.buddies import Availability, Family, FamilyStage, WaitingMessage
from domain.contacts import Concern, ContactDetails, ContactKind, Topic
from domain.parents import Phase
from flows.common.paging import Page, page_of
from flows.common.replies import ReplyToThread
from flows.common.ui import esc

KIND_LABELS = {
    ContactKind.HOME_VISIT: N_("🏠 Home visit"),
    ContactKind.CALL: N_("📞 Phone or video call"),
    ContactKind.CHAT: N_("💬 Chat messages"),
    ContactKind.WALK: N_("🚶 Walk or activity together"),
    ContactKind.APPOINTMENT: N_("🏥 Went along to an appointment"),
}

TOPIC_LABELS = {
    Topic.BABY_CARE: N_("Baby care"),
    Topic.PREGNANCY: N_("Pregnancy"),
    Topic.WELLBEING: N_("Stress and wellbeing"),
    Topic.MONEY: N_("Money"),
    Topic.HOUSING: N_("Housing"),
    Topic.SOCIAL: N_("Social network"),
    Topic.LANGUAGE: N_("Language"),
    Topic.CARE: N_("Health care"),
    Topic.OTHER: N_("Other"),
}

MOOD_LABELS = {
    1: N_("😟 Very bad"),
    2: N_("🙁 Not so good"),
    3: N_("😐 Okay"),
    4: N_("🙂 Good"),
    5: N_("😄 Very good"),
}

CONCERN_LABELS = {
    Concern.NONE: N_("✅ No concern"),
    Concern.SOME: N_("⚠️ Some concern"),
    Concern.URGENT: N_("🚨 Urgent concern"),
}

AVAILABILITY_LABELS = {
    Availability.WEEKDAY_MORNINGS: N_("Weekday mornings"),
    Availability.WEEKDAY_AFTERNOONS: N_("Weekday afternoons"),
    Availability.WEEKDAY_EVENINGS: N_("Weekday evenings"),
    Availability.WEEKENDS: N_("Weekends"),
}

CHECKED = "✓ "
# Messages waiting for an answer on one page of a family's card: each is shown, up to
# PREVIEW_LENGTH characters, with its Reply button.
WAITING_PER_PAGE = 5
PREVIEW_LENGTH = 300


def checked(label: str, selected: bool) -> str:
    """A toggle button's label: ticked when selected."""
    return CHECKED + label if selected else label


def duration_label(t: Translator, minutes: int) -> str:
    if minutes >= 90:
        return t.gettext("90+ min")
    return t.gettext("{minutes} min").format(minutes=minutes)


def stage_text(t: Translator, stage: FamilyStage) -> str:
    if stage.pregnancy_week is not None:
        return t.gettext("Pregnant, week {week}").format(week=stage.pregnancy_week)
    if stage.baby_weeks is not None:
        return t.ngettext("Baby of {count} week", "Baby of {count} weeks", stage.baby_weeks).format(
            count=stage.baby_weeks
        )
    if stage.baby_months is not None:
        return t.ngettext(
            "Baby of {count} month", "Baby of {count} months", stage.baby_months
        ).format(count=stage.baby_months)
    if stage.phase is Phase.WISH:
        return t.gettext("Wishes to have a child")
    if stage.phase is Phase.ENDED:
        return t.gettext("The pregnancy has ended")
    return t.gettext("Expecting a baby")


def family_name(t: Translator, family: Family) -> str:
    return esc(family.first_name) if family.first_name else t.gettext("(no name)")


def button_name(family: Family) -> str:
    """A family's name on a button (buttons show plain text, nothing to escape)."""
    return family.first_name or "?"


def family_lines(t: Translator, family: Family, today: date) -> list[str]:
    """What a buddy may know of a family at a glance: stage, last contact, the last
    check-in (only when the parent shares it), open questions."""
    _ = t.gettext
    lines = [stage_text(t, family.stage)]
    if family.last_contact is None:
        lines.append(_("No contact logged yet"))
    else:
        days = (today - family.last_contact).days
        lines.append(
            t.ngettext(
                "Last contact: {date} ({days} day ago)",
                "Last contact: {date} ({days} days ago)",
                days,
            ).format(date=t.date(family.last_contact, "d MMM"), days=days)
        )
    if family.last_checkin is not None:
        checkin = family.last_checkin
        when = t.date(checkin.answered_at.date(), "d MMM")
        if checkin.kind == "mood":
            lines.append(
                _("Last check-in: {mood} ({date})").format(
                    mood=_(MOOD_LABELS.get(checkin.score, MOOD_LABELS[3])), date=when
                )
            )
        else:
            lines.append(
                _("Last stress check: {score} of 10 ({date})").format(
                    score=checkin.score, date=when
                )
            )
    if family.open_questions:
        lines.append(
            t.ngettext(
                "💬 {count} message waits for your answer",
                "💬 {count} messages wait for your answer",
                family.open_questions,
            ).format(count=family.open_questions)
        )
    if not family.reachable:
        lines.append(_("⚠️ The bot cannot reach this family right now."))
    return lines


def details_lines(t: Translator, details: ContactDetails) -> list[str]:
    """A contact log, one fact per line (easy to read, also right to left)."""
    _ = t.gettext
    lines = [
        _("Date: {date}").format(date=t.date(details.day, "EEEE d MMMM")),
        _("Kind: {kind}").format(kind=_(KIND_LABELS[details.kind])),
        _("Duration: {duration}").format(duration=duration_label(t, details.duration_minutes)),
        _("Topics: {topics}").format(
            topics=", ".join(_(TOPIC_LABELS[topic]) for topic in details.topics)
        ),
        _("How the parent seemed: {mood}").format(mood=_(MOOD_LABELS[details.parent_mood])),
        _("Concern: {concern}").format(concern=_(CONCERN_LABELS[details.concern])),
    ]
    if details.note:
        lines.append(_("Note: {note}").format(note=esc(details.note)))
    return lines


def hours_text(t: Translator, minutes: float) -> str:
    """Minutes as hours with at most one decimal and the word for hours ("1,5 uur")."""
    hours = round(minutes / 60, 1)
    number = format_decimal(hours, format="#,##0.#", locale=t.language)
    # Plural rules count whole numbers; the nearest one picks the right form.
    return t.ngettext("{hours} hour", "{hours} hours", round(hours)).format(hours=number)


def waiting_text(t: Translator, waiting: WaitingMessage, timezone: ZoneInfo) -> str:
    """A message that waits for the buddy's answer, shortened."""
    text = (
        waiting.text if len(waiting.text) <= PREVIEW_LENGTH else waiting.text[:PREVIEW_LENGTH] + "…"
    )
    return t.gettext("💬 Waiting since {time}:\n<i>{text}</i>").format(
        time=t.datetime(waiting.since, timezone, "d MMM HH:mm"), text=esc(text)
    )


def waiting_page(family: Family, number: int = 0) -> Page[WaitingMessage]:
    """Page ``number`` of the messages that wait for the buddy's answer, oldest first."""
    return page_of(family.waiting, number, WAITING_PER_PAGE)


def reply_buttons(
    t: Translator, family: Family, page_number: int = 0
) -> list[tuple[str, CallbackData]]:
    """A Reply button per waiting message of page ``page_number`` (the answer goes through
    the questions flow); the messages are numbered in the whole list."""
    if len(family.waiting) == 1:
        return [(t.gettext("↩️ Reply"), ReplyToThread(family.waiting[0].thread_id))]
    page = waiting_page(family, page_number)
    return [
        (t.gettext("↩️ Reply to message {number}").format(number=number), ReplyToThread(w.thread_id))
        for number, w in enumerate(page.items, start=page.start + 1)
    ]
