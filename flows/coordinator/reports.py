"""/report: the monitoring report of a municipality, or of the province for
province-wide coordinators: key numbers, a PNG chart and a CSV file, anonymised."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot.context import KansrijkContext
from domain.people import Coordinator
from domain.reports import SUPPRESSED, KeyNumbers
from flows.common.ui import column, esc, keyboard, say, show
from flows.coordinator.callbacks import MakeReport
from flows.coordinator.common import PHASE_LABELS, home_button, on_button, on_command
from services.reports import ChartLabels


async def ask_scope(update: Update, context: KansrijkContext, coordinator: Coordinator) -> None:
    _ = context.t.gettext
    if not coordinator.province_wide:
        await _send_report(update, context, coordinator, coordinator.municipality)
        return
    options = [(m.name, MakeReport(m.slug)) for m in context.settings.municipalities]
    await show(
        update,
        _("A report for which area?"),
        keyboard(
            [(_("The whole province"), MakeReport(None))],
            *[options[i : i + 2] for i in range(0, len(options), 2)],
            [home_button(context)],
        ),
    )


@on_button(MakeReport)
async def make_report(
    update: Update, context: KansrijkContext, coordinator: Coordinator, data: MakeReport
) -> None:
    await _send_report(update, context, coordinator, data.municipality)


@on_command
async def report_command(
    update: Update, context: KansrijkContext, coordinator: Coordinator
) -> None:
    await ask_scope(update, context, coordinator)


def _area(context: KansrijkContext, municipality: str | None) -> str:
    if municipality is None:
        return context.settings.province
    return context.settings.municipality_name(municipality)


def _labels(context: KansrijkContext, area: str) -> ChartLabels:
    # Charts cannot lay out right-to-left scripts; Arabic readers get English charts.
    t = context.state.catalogs.get("en") if context.t.is_rtl else context.t
    _ = t.gettext
    return ChartLabels(
        title=_("Kansrijke Start in {area}").format(area=area),
        new_parents=_("New parents per month"),
        by_phase=_("Parents by phase"),
        phases={phase.value: _(label) for phase, label in PHASE_LABELS.items()},
        mood=_("Average mood (1-5), parents who agreed"),
        response_rate=_("Check-ins answered (%)"),
        hidden=_("hidden"),
    )


def key_numbers_text(context: KansrijkContext, area: str, key: KeyNumbers) -> str:
    _ = context.t.gettext
    lines = [
        "<b>" + _("Report for {area}").format(area=esc(area)) + "</b>",
        _("Parents reached: {count}").format(count=esc(key.parents)),
        _("Waiting for a buddy: {count}").format(count=esc(key.waiting)),
        _("With a buddy now: {count}").format(count=esc(key.matched)),
        _("Days from registering to a buddy (median): {days}").format(
            days=esc(key.median_days_to_match)
        ),
        _("Check-ins answered: {rate}%").format(rate=esc(key.checkin_response_rate))
        if key.checkin_response_rate not in (SUPPRESSED, "-")
        else _("Check-ins answered: {rate}").format(rate=esc(key.checkin_response_rate)),
        _("Average mood (1-5): {mood}").format(mood=esc(key.mood_average)),
        _("Activities: {signed_up} sign-ups, {attended} came").format(
            signed_up=esc(key.activity_signups), attended=esc(key.activity_attended)
        ),
        _("How helpful parents found the programme (1-10): {score}").format(
            score=esc(key.survey_average)
        ),
        "",
        _(
            "Anonymised: no names, and a group smaller than 5 shows as “{hidden}”. Mood,"
            " check-in and survey numbers only count parents who agreed to monitoring. The"
            " chart and the CSV file (columns explained in docs/reports.md) follow."
        ).format(hidden=esc(SUPPRESSED)),
    ]
    return "\n".join(lines)


async def _send_report(
    update: Update, context: KansrijkContext, coordinator: Coordinator, municipality: str | None
) -> None:
    _ = context.t.gettext
    area = _area(context, municipality)
    files = await context.services.reports.build(
        coordinator.person_id, municipality, _labels(context, area)
    )
    scope = municipality or "province"
    day = context.state.clock.now().astimezone(context.state.config.timezone).date().isoformat()
    await say(update, key_numbers_text(context, area, files.report.key))
    chat = update.effective_chat
    await chat.send_photo(InputFile(files.chart_png, filename=f"kansrijk-{scope}-{day}.png"))
    await chat.send_document(
        InputFile(files.csv_bytes, filename=f"kansrijk-{scope}-{day}.csv"),
        caption=_("The numbers as a CSV file, for a spreadsheet."),
        reply_markup=column([home_button(context)]),
    )


def handlers() -> list[BaseHandler]:
    return [
        CommandHandler("report", report_command, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(make_report, pattern=MakeReport.matches),
    ]
