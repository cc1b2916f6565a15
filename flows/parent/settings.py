"""Settings: language, check-ins, time of day, a pause. Buttons only, no conversation:
every tap carries its choice and is checked against the parent on the server."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.callbacks import CallbackData
from bot.context import KansrijkContext
from bot.i18n import Translator, native_name
from domain.parents import CheckinFrequency, Parent, Phase, TimeOfDay
from domain.schedule import SLOT_TIMES
from flows.common.language import ask_language
from flows.common.ui import column, keyboard, show
from flows.parent.callbacks import (
    MenuItem,
    OpenSetting,
    ParentMenu,
    SetCheckins,
    SetPause,
    SetTimeOfDay,
    SettingsItem,
)
from flows.parent.guard import current_parent, decodes, menu_button, parent_button, saved
from services.parents import PAUSE_WEEKS

PAUSE_BUTTONS_PER_ROW = 4
SIMPLE_SETTINGS = (
    SettingsItem.LANGUAGE,
    SettingsItem.CHECKINS,
    SettingsItem.TIME,
    SettingsItem.PAUSE,
)


async def show_settings(
    update: Update, context: KansrijkContext, *, intro: str | None = None
) -> None:
    _ = context.t.gettext
    parent = await current_parent(update, context)
    if parent is None:
        return
    lines = [intro, ""] if intro else []
    lines += [
        _("<b>Settings</b>"),
        _("Language: {language}").format(language=native_name(context.t.language)),
        _("Questions about how you are: {frequency}").format(
            frequency=frequency_label(context, parent.checkin_frequency)
        ),
        _("Time of day for messages: {time}").format(
            time=time_label(context, parent.preferred_time)
        ),
        _pause_line(context, parent),
        "",
        _("What do you want to change? Tap a button."),
    ]
    buttons = [
        (_("🌐 Language"), OpenSetting(SettingsItem.LANGUAGE)),
        (_("🗓 How often"), OpenSetting(SettingsItem.CHECKINS)),
        (_("🕘 Time of day"), OpenSetting(SettingsItem.TIME)),
        (_("⏸ Pause messages"), OpenSetting(SettingsItem.PAUSE)),
    ]
    if parent.phase in (Phase.WISH, Phase.ENDED):
        buttons.append((_("🤰 I am pregnant"), OpenSetting(SettingsItem.PREGNANT)))
    if parent.phase is Phase.PREGNANT:
        buttons.append((_("👶 My baby is born"), OpenSetting(SettingsItem.BORN)))
        buttons.append((_("My pregnancy has ended"), OpenSetting(SettingsItem.ENDED)))
    buttons.append((_("🛑 Stop with Kansrijk"), OpenSetting(SettingsItem.STOP)))
    buttons.append(menu_button(context.t))
    await show(update, "\n".join(lines), column(buttons))


def _pause_line(context: KansrijkContext, parent: Parent) -> str:
    _ = context.t.gettext
    if _paused(context, parent):
        assert parent.paused_until is not None
        return _("Messages: paused until {date}").format(date=context.t.date(parent.paused_until))
    return _("Messages: on")


def _paused(context: KansrijkContext, parent: Parent) -> bool:
    today: date = context.services.parents.today()
    return parent.paused_until is not None and parent.paused_until > today


def frequency_label(context: KansrijkContext, frequency: CheckinFrequency) -> str:
    _ = context.t.gettext
    return {
        CheckinFrequency.WEEKLY: _("every week"),
        CheckinFrequency.BIWEEKLY: _("every two weeks"),
        CheckinFrequency.OFF: _("off"),
    }[frequency]


def time_label(context: KansrijkContext, time_of_day: TimeOfDay) -> str:
    _ = context.t.gettext
    name = {
        TimeOfDay.MORNING: _("morning"),
        TimeOfDay.AFTERNOON: _("afternoon"),
        TimeOfDay.EVENING: _("evening"),
    }[time_of_day]
    return f"{name} ({SLOT_TIMES[time_of_day].strftime('%H:%M')})"


def _marked(label: str, chosen: bool) -> str:
    return f"✅ {label}" if chosen else label


def settings_button(t: Translator) -> tuple[str, ParentMenu]:
    return t.gettext("⚙️ Back to settings"), ParentMenu(MenuItem.SETTINGS)


@parent_button()
async def open_setting(update: Update, context: KansrijkContext, parent: Parent) -> None:
    """The choices of one setting (the phase changes and stopping have their own modules)."""
    item = OpenSetting.unpack(update.callback_query.data).item
    if item is SettingsItem.LANGUAGE:
        await ask_language(update, context)
    elif item is SettingsItem.CHECKINS:
        await _choose_frequency(update, context, parent)
    elif item is SettingsItem.TIME:
        await _choose_time(update, context, parent)
    elif item is SettingsItem.PAUSE:
        await _choose_pause(update, context, parent)


async def _choose_one(
    update: Update,
    context: KansrijkContext,
    question: str,
    choices: Iterable[tuple[str, bool, CallbackData]],
) -> None:
    """The values of a setting as buttons (label, whether it is the current one, its
    data), the current one ticked, and the way back to the settings."""
    buttons = [(_marked(label, current), data) for label, current, data in choices]
    await show(update, question, column([*buttons, settings_button(context.t)]))


async def _choose_frequency(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    await _choose_one(
        update,
        context,
        _("Sometimes I ask how you are doing. How often may I ask? Tap a button."),
        [
            (
                frequency_label(context, frequency),
                frequency is parent.checkin_frequency,
                SetCheckins(frequency),
            )
            for frequency in CheckinFrequency
        ],
    )


async def _choose_time(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    await _choose_one(
        update,
        context,
        _("At what time of day do you like to get messages? Tap a button."),
        [
            (
                time_label(context, time_of_day),
                time_of_day is parent.preferred_time,
                SetTimeOfDay(time_of_day),
            )
            for time_of_day in TimeOfDay
        ],
    )


async def _choose_pause(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    weeks = [
        (context.t.ngettext("{n} week", "{n} weeks", n).format(n=n), SetPause(n))
        for n in PAUSE_WEEKS
    ]
    rows = [
        weeks[i : i + PAUSE_BUTTONS_PER_ROW] for i in range(0, len(weeks), PAUSE_BUTTONS_PER_ROW)
    ]
    if _paused(context, parent):
        rows.append([(_("▶️ Messages on again"), SetPause(0))])
    await show(
        update,
        _(
            "Do you want a break? For how long should I send you nothing? Your buddy can"
            " still write to you."
        ),
        keyboard(*rows, [settings_button(context.t)]),
    )


@parent_button(answer_first=False)
async def set_checkins(update: Update, context: KansrijkContext, parent: Parent) -> None:
    frequency = SetCheckins.unpack(update.callback_query.data).frequency
    await context.services.parents.set_checkin_frequency(parent.person_id, frequency)
    await saved(update, context, show_settings)


@parent_button(answer_first=False)
async def set_time_of_day(update: Update, context: KansrijkContext, parent: Parent) -> None:
    time_of_day = SetTimeOfDay.unpack(update.callback_query.data).time_of_day
    await context.services.parents.set_preferred_time(parent.person_id, time_of_day)
    await saved(update, context, show_settings)


@parent_button()
async def set_pause(update: Update, context: KansrijkContext, parent: Parent) -> None:
    _ = context.t.gettext
    weeks = SetPause.unpack(update.callback_query.data).weeks
    if weeks == 0:
        await context.services.parents.resume(parent.person_id)
        intro = _("Messages are on again.")
    elif weeks in PAUSE_WEEKS:
        first_day_back = await context.services.parents.pause(parent.person_id, weeks)
        intro = _("Okay. I send you nothing until {date}. Enjoy your break!").format(
            date=context.t.date(first_day_back)
        )
    else:
        intro = None
    await show_settings(update, context, intro=intro)


def opens(*items: SettingsItem):
    """A pattern for OpenSetting buttons of these items."""
    valid = decodes(OpenSetting)
    return lambda data: valid(data) and OpenSetting.unpack(data).item in items


def handlers() -> list[BaseHandler]:
    return [
        CallbackQueryHandler(open_setting, pattern=opens(*SIMPLE_SETTINGS)),
        CallbackQueryHandler(set_checkins, pattern=decodes(SetCheckins)),
        CallbackQueryHandler(set_time_of_day, pattern=decodes(SetTimeOfDay)),
        CallbackQueryHandler(set_pause, pattern=decodes(SetPause)),
    ]
